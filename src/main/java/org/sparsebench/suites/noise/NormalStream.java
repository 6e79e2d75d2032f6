package org.sparsebench.suites.noise;

import java.util.SplittableRandom;

/**
 * Standard normal variates by the Box–Muller transform on a {@link SplittableRandom}: written out
 * so the stream stays identical across JDK versions (the JDK's nextGaussian algorithm has changed).
 */
final class NormalStream {
    private final SplittableRandom random;
    private double spare;
    private boolean hasSpare;

    NormalStream(SplittableRandom random) {
        this.random = random;
    }

    double next() {
        if (hasSpare) {
            hasSpare = false;
            return spare;
        }
        double u1 = 1.0 - random.nextDouble(); // (0, 1]: log is finite
        double u2 = random.nextDouble();
        double r = Math.sqrt(-2.0 * Math.log(u1));
        spare = r * Math.sin(2 * Math.PI * u2);
        hasSpare = true;
        return r * Math.cos(2 * Math.PI * u2);
    }
}
