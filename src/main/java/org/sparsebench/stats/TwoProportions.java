package org.sparsebench.stats;

/**
 * Unpaired comparison of two proportions, for runs whose samples differ: the difference
 * {@code x2/n2 − x1/n1}, Newcombe's (1998, Stat. Med. 17:873) hybrid score interval (method 10:
 * the two Wilson intervals combined square-and-add) and the two-sided pooled score z-test (equal to
 * Pearson's χ² test of the 2×2 table without continuity correction). Both are score-based, so
 * interval and test agree except at the margin.
 */
public final class TwoProportions {
    private TwoProportions() {
    }

    public static TestResult compare(long x1, long n1, long x2, long n2, double level) {
        if (n1 <= 0 || n2 <= 0 || x1 < 0 || x2 < 0 || x1 > n1 || x2 > n2) {
            throw new IllegalArgumentException("counts " + x1 + "/" + n1 + ", " + x2 + "/" + n2);
        }
        double p1 = (double) x1 / n1;
        double p2 = (double) x2 / n2;
        double[] w1 = McNemar.wilson(x1, n1, level);
        double[] w2 = McNemar.wilson(x2, n2, level);
        double diff = p2 - p1;
        double lower = diff - Math.sqrt(sq(p2 - w2[0]) + sq(w1[1] - p1));
        double upper = diff + Math.sqrt(sq(w2[1] - p2) + sq(p1 - w1[0]));
        double pooled = (double) (x1 + x2) / (n1 + n2);
        double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
        double p = se == 0 ? 1 : Normal.twoSidedP(diff / se);
        return new TestResult(diff, Math.max(-1, lower), Math.min(1, upper), level, p, "newcombe-score+z",
                n1 + n2);
    }

    private static double sq(double v) {
        return v * v;
    }
}
