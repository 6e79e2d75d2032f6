package org.sparsebench.suites.noise;

import java.util.SplittableRandom;

/**
 * Multiplicative noise {@code x + x·N(0, c²)}, clipped; c = 0.15, 0.2, 0.35, 0.45, 0.6 (ImageNet-C's
 * extra corruption, MNIST-C's table).
 */
public final class SpeckleNoise extends ImageCorruption {

    public SpeckleNoise() {
        super("speckle-noise", "noise", true, "multiplicative Gaussian noise x + x*N(0,c^2), c 0.15..0.6 (ImageNet-C)",
                0.15, 0.2, 0.35, 0.45, 0.6);
    }

    @Override
    protected void corrupt(FloatImage img, int severity, SplittableRandom random) {
        double c = parameter(severity);
        NormalStream noise = new NormalStream(random);
        float[] d = img.data();
        for (int j = 0; j < d.length; j++) {
            d[j] = (float) (d[j] * (1 + c * noise.next()));
        }
    }
}
