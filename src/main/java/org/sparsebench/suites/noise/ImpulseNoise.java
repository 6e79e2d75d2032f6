package org.sparsebench.suites.noise;

import java.util.SplittableRandom;

/**
 * Salt-and-pepper noise: each value is replaced with probability {@code p}, by 0 or 1 with equal
 * odds (scikit-image's {@code random_noise(mode='s&p')}); p = 0.03, 0.06, 0.09, 0.17, 0.27 (ImageNet-C
 * and MNIST-C).
 */
public final class ImpulseNoise extends ImageCorruption {

    public ImpulseNoise() {
        super("impulse-noise", "noise", true, "salt-and-pepper noise, fraction 0.03..0.27 of values (ImageNet-C)",
                0.03, 0.06, 0.09, 0.17, 0.27);
    }

    @Override
    protected void corrupt(FloatImage img, int severity, SplittableRandom random) {
        double p = parameter(severity);
        float[] d = img.data();
        for (int j = 0; j < d.length; j++) {
            boolean flip = random.nextDouble() < p;
            boolean salt = random.nextBoolean();
            if (flip) {
                d[j] = salt ? 1f : 0f;
            }
        }
    }
}
