package org.sparsebench.suites.noise;

import java.util.SplittableRandom;

/**
 * Shrinking about the centre to a fraction s = 0.9, 0.8, 0.7, 0.6, 0.5 of the size (MNIST-C's inverse
 * scale 1/s), black border. Deterministic.
 */
public final class Scale extends AffineCorruption {

    public Scale() {
        super("scale", false, "shrink to 0.9..0.5 of the size about the centre (MNIST-C)", 0.9, 0.8, 0.7, 0.6, 0.5);
    }

    @Override
    double[] inverseMap(double s, double side, SplittableRandom random) {
        return new double[] {1 / s, 0, 0, 1 / s, 0, 0};
    }
}
