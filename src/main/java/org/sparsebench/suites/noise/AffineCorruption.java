package org.sparsebench.suites.noise;

import java.util.SplittableRandom;

/**
 * MNIST-C's affine corruptions: an inverse map {@code centre + A (p − centre) + t} about the image
 * centre, bilinear, black outside (scikit-image {@code warp}). Subclasses give {@code A} and
 * {@code t} for the severity's parameter and the sample's random direction.
 */
abstract class AffineCorruption extends ImageCorruption {

    AffineCorruption(String name, boolean random, String description, double... parameters) {
        super(name, "geometric", random, description, parameters);
    }

    /** {@code {a, b, c, d, tx, ty}}: {@code A = [[a, b], [c, d]]} on (column, row), translation in pixels. */
    abstract double[] inverseMap(double parameter, double side, SplittableRandom random);

    @Override
    protected final void corrupt(FloatImage img, int severity, SplittableRandom random) {
        double[] m = inverseMap(parameter(severity), img.side(), random);
        Warp.affine(img, m[0], m[1], m[2], m[3], m[4], m[5]);
    }

    /** ±1 with equal odds: MNIST-C picks the direction of rotation, shear and translation at random. */
    static double sign(SplittableRandom random) {
        return random.nextBoolean() ? 1 : -1;
    }
}
