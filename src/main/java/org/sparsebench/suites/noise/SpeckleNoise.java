package org.sparsebench.suites.noise;

import java.util.SplittableRandom;

/**
 * Multiplicative noise {@code x + x·N(0, c²)}, clipped; c = 0.15, 0.2, 0.35, 0.45, 0.6 (ImageNet-C's
 * extra corruption, MNIST-C's table).
 */
public final class SpeckleNoise extends ValueCorruption {

    public SpeckleNoise() {
        super("speckle-noise", true, "multiplicative Gaussian noise x + x*N(0,c^2), c 0.15..0.6 (ImageNet-C)",
                0.15, 0.2, 0.35, 0.45, 0.6);
    }

    @Override
    double map(double v, double c, SplittableRandom random, NormalStream normal) {
        return v * (1 + c * normal.next());
    }
}
