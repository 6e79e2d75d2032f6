package org.sparsebench.suites.noise;

import java.util.SplittableRandom;

/** Quantization to {@code b} = 5, 4, 3, 2, 1 bits per value (MNIST-C). Deterministic. */
public final class Quantize extends ValueCorruption {

    public Quantize() {
        super("quantize", "digital", false, "quantization to 5..1 bits per value (MNIST-C)", 5, 4, 3, 2, 1);
    }

    @Override
    double map(double v, double bits, SplittableRandom random, NormalStream normal) {
        double levels = Math.pow(2, bits) - 1;
        return Math.rint(v * levels) / levels;
    }
}
