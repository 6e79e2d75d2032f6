package org.sparsebench.stats;

import org.apache.commons.math3.distribution.BinomialDistribution;

/**
 * Exact McNemar test for two classifiers scored on the same samples: under "equal accuracy" the
 * discordant pairs split as Binomial(b + c, ½), where {@code b} counts samples only the first got
 * right and {@code c} samples only the second got right. The two-sided p-value doubles the smaller
 * tail (capped at 1); the mid-p variant subtracts half the probability of the observed split
 * (Fagerland, Lydersen &amp; Laake 2013, BMC Med. Res. Methodol. 13:91, who recommend it).
 *
 * <p>The interval for the difference in accuracy, second − first = (c − b)/n, is Newcombe's (1998,
 * Stat. Med. 17:2635) square-and-add method 10: Wilson intervals of the two marginal accuracies
 * combined with the continuity-corrected correlation φ of the paired outcomes.
 */
public final class McNemar {
    private McNemar() {
    }

    /** Two-sided exact p-value for {@code b} and {@code c} discordant pairs; 1 when there are none. */
    public static double exactP(long b, long c, boolean midP) {
        long n = b + c;
        if (b < 0 || c < 0) {
            throw new IllegalArgumentException("negative counts " + b + ", " + c);
        }
        if (n == 0) {
            return 1;
        }
        long k = Math.min(b, c);
        BinomialDistribution bin = new BinomialDistribution(null, (int) n, 0.5);
        double tail = bin.cumulativeProbability((int) k);
        double p = midP ? 2 * (tail - 0.5 * bin.probability((int) k)) : 2 * tail;
        return Math.min(1, p);
    }

    /**
     * Paired comparison of two 0/1 outcome vectors of equal length (1 = correct): the difference
     * {@code mean(second) − mean(first)} with Newcombe's paired interval at {@code level} and the
     * exact (or mid-p) McNemar p-value.
     */
    public static TestResult compare(int[] first, int[] second, double level, boolean midP) {
        if (first.length != second.length) {
            throw new IllegalArgumentException("paired vectors differ in length: " + first.length + " vs "
                    + second.length);
        }
        long a = 0;
        long b = 0;
        long c = 0;
        long d = 0;
        for (int i = 0; i < first.length; i++) {
            boolean x = first[i] != 0;
            boolean y = second[i] != 0;
            if (x && y) {
                a++;
            } else if (x) {
                b++;
            } else if (y) {
                c++;
            } else {
                d++;
            }
        }
        return compare(a, b, c, d, level, midP);
    }

    /**
     * Paired comparison from the 2×2 table: {@code a} both right, {@code b} only the first,
     * {@code c} only the second, {@code d} neither. The estimate is second − first = (c − b)/n.
     */
    public static TestResult compare(long a, long b, long c, long d, double level, boolean midP) {
        long n = a + b + c + d;
        if (n == 0) {
            throw new IllegalArgumentException("no pairs");
        }
        double[] firstMinusSecond = newcombeInterval(a, b, c, d, level);
        double p = exactP(b, c, midP);
        return new TestResult((double) (c - b) / n, -firstMinusSecond[1], -firstMinusSecond[0], level, p,
                midP ? "mcnemar-midp" : "mcnemar-exact", n);
    }

    /**
     * Newcombe (1998) method 10 interval for p1 − p2 with p1 = (a + b)/n, p2 = (a + c)/n, as
     * {@code {lower, upper}}.
     */
    static double[] newcombeInterval(long a, long b, long c, long d, double level) {
        long n = a + b + c + d;
        double p1 = (double) (a + b) / n;
        double p2 = (double) (a + c) / n;
        double[] w1 = wilson(a + b, n, level);
        double[] w2 = wilson(a + c, n, level);
        double phi = 0;
        double marginals = (double) (a + b) * (c + d) * (a + c) * (b + d);
        if (marginals > 0) {
            double cross = (double) a * d - (double) b * c;
            // Continuity-corrected φ: shrink a positive association by n/2, never below 0.
            double corrected = cross > n / 2.0 ? cross - n / 2.0 : cross >= 0 ? 0 : cross;
            phi = corrected / Math.sqrt(marginals);
        }
        double dl1 = p1 - w1[0];
        double du1 = w1[1] - p1;
        double dl2 = p2 - w2[0];
        double du2 = w2[1] - p2;
        double theta = p1 - p2;
        double lower = theta - Math.sqrt(Math.max(0, dl1 * dl1 + du2 * du2 - 2 * phi * dl1 * du2));
        double upper = theta + Math.sqrt(Math.max(0, dl2 * dl2 + du1 * du1 - 2 * phi * dl2 * du1));
        return new double[] {Math.max(-1, lower), Math.min(1, upper)};
    }

    /** Wilson score bounds, unclamped closed form (so the square-and-add arithmetic stays exact). */
    static double[] wilson(long x, long n, double level) {
        double z = Normal.quantile(0.5 + level / 2);
        double p = (double) x / n;
        double z2 = z * z;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = z / (1 + z2 / n) * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
    }
}
