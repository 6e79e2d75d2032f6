package org.sparsebench.suites.noise;

import java.util.SplittableRandom;

/** Rotation about the centre by ±θ, θ = 0.2, 0.4, 0.6, 0.8, 1.0 rad (MNIST-C), direction at random. */
public final class Rotate extends AffineCorruption {

    public Rotate() {
        super("rotate", true, "rotation by +-0.2..1.0 rad about the centre (MNIST-C)", 0.2, 0.4, 0.6, 0.8, 1.0);
    }

    @Override
    double[] inverseMap(double theta, double side, SplittableRandom random) {
        double t = sign(random) * theta;
        return new double[] {Math.cos(t), -Math.sin(t), Math.sin(t), Math.cos(t), 0, 0};
    }
}
