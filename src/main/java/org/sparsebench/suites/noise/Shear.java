package org.sparsebench.suites.noise;

import java.util.SplittableRandom;

/**
 * Horizontal shear about the centre by ±φ, φ = 0.2, 0.4, 0.6, 0.8, 1.0 rad (MNIST-C, scikit-image's
 * {@code AffineTransform(shear=φ)}: {@code A = [[1, −sin φ], [0, cos φ]]}), direction at random.
 */
public final class Shear extends AffineCorruption {

    public Shear() {
        super("shear", true, "shear by +-0.2..1.0 rad about the centre (MNIST-C)", 0.2, 0.4, 0.6, 0.8, 1.0);
    }

    @Override
    double[] inverseMap(double phi, double side, SplittableRandom random) {
        double s = sign(random) * phi;
        return new double[] {1, -Math.sin(s), 0, Math.cos(s), 0, 0};
    }
}
