package org.sparsebench.suites.noise;

import java.util.SplittableRandom;

/**
 * Inverts ({@code 1 − x}) the outer {@code round(f·W)} columns on each side, f = 0.05, 0.1, 0.15, 0.2,
 * 0.25; severity 5 is MNIST-C's stripe (columns 0–6 and 21–27 of 28). Deterministic.
 */
public final class Stripe extends ImageCorruption {

    public Stripe() {
        super("stripe", "lines", false, "inverts the outer 0.05..0.25 of the columns on both sides (MNIST-C at 5)",
                0.05, 0.1, 0.15, 0.2, 0.25);
    }

    @Override
    protected void corrupt(FloatImage img, int severity, SplittableRandom random) {
        int w = img.width();
        int k = (int) Math.round(parameter(severity) * w);
        for (int c = 0; c < img.channels(); c++) {
            for (int y = 0; y < img.height(); y++) {
                for (int x = 0; x < w; x++) {
                    if (x < k || x >= w - k) {
                        img.set(c, y, x, 1 - img.get(c, y, x));
                    }
                }
            }
        }
    }
}
