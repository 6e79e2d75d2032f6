package org.sparsebench.stats;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Adjusted p-values for a family of tests, returned in the input order: Holm's (1979) step-down
 * Bonferroni, which controls the family-wise error rate, and Benjamini &amp; Hochberg's (1995)
 * step-up procedure, which controls the false discovery rate. Rejecting where the adjusted p is
 * at most α is the procedure at level α. NaN p-values (untested) stay NaN and do not count
 * towards the family size.
 */
public final class MultipleComparisons {
    private MultipleComparisons() {
    }

    /** The procedures by name, as gate files and {@code --correction} spell them. */
    public enum Correction {
        HOLM, BH, NONE;

        public double[] adjust(double[] p) {
            return switch (this) {
                case HOLM -> holm(p);
                case BH -> benjaminiHochberg(p);
                case NONE -> p.clone();
            };
        }

        public String id() {
            return name().toLowerCase();
        }
    }

    /** Holm: the i-th smallest of m p-values times (m − i + 1), made monotone, capped at 1. */
    public static double[] holm(double[] p) {
        int[] order = ascending(p);
        int m = order.length;
        double[] out = nanCopy(p.length);
        double running = 0;
        for (int i = 0; i < m; i++) {
            running = Math.max(running, Math.min(1, (m - i) * p[order[i]]));
            out[order[i]] = running;
        }
        return out;
    }

    /** Benjamini–Hochberg: the i-th smallest of m p-values times m / i, made monotone from the top, capped at 1. */
    public static double[] benjaminiHochberg(double[] p) {
        int[] order = ascending(p);
        int m = order.length;
        double[] out = nanCopy(p.length);
        double running = 1;
        for (int i = m - 1; i >= 0; i--) {
            running = Math.min(running, Math.min(1, p[order[i]] * m / (i + 1)));
            out[order[i]] = running;
        }
        return out;
    }

    private static int[] ascending(double[] p) {
        for (double v : p) {
            if (v < 0 || v > 1) {
                throw new IllegalArgumentException("p-value out of [0, 1]: " + v);
            }
        }
        return IntStream.range(0, p.length).filter(i -> !Double.isNaN(p[i])).boxed()
                .sorted(Comparator.comparingDouble(i -> p[i])).mapToInt(Integer::intValue).toArray();
    }

    private static double[] nanCopy(int n) {
        double[] out = new double[n];
        Arrays.fill(out, Double.NaN);
        return out;
    }
}
