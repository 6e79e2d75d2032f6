package org.sparsebench.suites.noise;

import java.util.SplittableRandom;

/**
 * Shift by ±d pixels along each axis, d = 1, 2, 3, 4, 5 at 28×28 (MNIST-C; scaled with the image side),
 * each direction at random, black border.
 */
public final class Translate extends AffineCorruption {

    public Translate() {
        super("translate", true, "shift by +-1..5 px along both axes at 28x28 (MNIST-C)", 1, 2, 3, 4, 5);
    }

    @Override
    double[] inverseMap(double d, double side, SplittableRandom random) {
        double px = d * side / 28.0;
        return new double[] {1, 0, 0, 1, sign(random) * px, sign(random) * px};
    }
}
