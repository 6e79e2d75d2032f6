package org.sparsebench.suites.noise;

import java.util.SplittableRandom;

/** Quantization to {@code b} = 5, 4, 3, 2, 1 bits per value (MNIST-C). Deterministic. */
public final class Quantize extends ImageCorruption {

    public Quantize() {
        super("quantize", "digital", false, "quantization to 5..1 bits per value (MNIST-C)", 5, 4, 3, 2, 1);
    }

    @Override
    protected void corrupt(FloatImage img, int severity, SplittableRandom random) {
        double levels = Math.pow(2, parameter(severity)) - 1;
        float[] d = img.data();
        for (int j = 0; j < d.length; j++) {
            d[j] = (float) (Math.rint(d[j] * levels) / levels);
        }
    }
}
