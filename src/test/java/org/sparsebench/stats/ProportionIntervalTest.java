package org.sparsebench.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.commons.math3.distribution.BinomialDistribution;
import org.junit.jupiter.api.Test;
import org.sparsebench.api.Metric;

class ProportionIntervalTest {

    @Test
    void wilsonMatchesNewcombe1998() {
        // Newcombe (1998), Stat. Med. 17:857, Table I example: 81/263 -> Wilson score 0.2553 to 0.3662.
        Metric m = ProportionInterval.wilson(81, 263, 0.95);
        assertEquals(81.0 / 263, m.value(), 1e-12);
        assertEquals(0.2553, m.lower(), 5e-5);
        assertEquals(0.3662, m.upper(), 5e-5);
        assertEquals("wilson", m.method());
        assertEquals(263, m.n());
    }

    @Test
    void wilsonMatchesClosedFormAtTheBoundary() {
        // Closed form for x = n: lower = n / (n + z²), upper = 1 (z = 1.959964 for 95%).
        double z = 1.959963984540054;
        Metric m = ProportionInterval.wilson(20, 20, 0.95);
        assertEquals(20 / (20 + z * z), m.lower(), 1e-9);
        assertEquals(1.0, m.upper(), 1e-12);
        Metric zero = ProportionInterval.wilson(0, 20, 0.95);
        assertEquals(0.0, zero.lower(), 1e-12);
        assertEquals(z * z / (20 + z * z), zero.upper(), 1e-9);
    }

    @Test
    void clopperPearsonMatchesNewcombe1998TableI() {
        // Newcombe (1998), Stat. Med. 17:857, Table I, method 5 ("exact", Clopper-Pearson), 95%:
        // 81/263 -> 0.2527 to 0.3676; 0/20 -> 0 to 0.1684; 29/29 -> 0.8806 to 1.
        double[][] table = {{81, 263, 0.2527, 0.3676}, {0, 20, 0, 0.1684}, {29, 29, 0.8806, 1}};
        for (double[] row : table) {
            Metric m = ProportionInterval.clopperPearson((long) row[0], (long) row[1], 0.95);
            assertEquals(row[2], m.lower(), 5e-5, "lower of " + row[0] + "/" + row[1]);
            assertEquals(row[3], m.upper(), 5e-5, "upper of " + row[0] + "/" + row[1]);
            assertEquals("clopper-pearson", m.method());
        }
    }

    @Test
    void clopperPearsonInvertsTheBinomialTails() {
        // Definition (Clopper & Pearson 1934): lower solves P(X >= x | p) = alpha/2, upper solves
        // P(X <= x | p) = alpha/2. Solved here by bisection on binomial tails, independent of the
        // F/beta-quantile route Commons Math takes.
        int[][] cases = {{15, 148}, {1, 29}, {3, 10}, {500, 1000}, {898, 1000}};
        for (int[] c : cases) {
            int x = c[0];
            int n = c[1];
            Metric m = ProportionInterval.clopperPearson(x, n, 0.95);
            double lo = bisect(p -> 0.025 - (1 - new BinomialDistribution(null, n, p).cumulativeProbability(x - 1)));
            double hi = bisect(p -> new BinomialDistribution(null, n, p).cumulativeProbability(x) - 0.025);
            assertEquals(lo, m.lower(), 1e-7, x + "/" + n);
            assertEquals(hi, m.upper(), 1e-7, x + "/" + n);
        }
    }

    /** Root of a function positive below it and non-positive above it on (0, 1). */
    private static double bisect(java.util.function.DoubleUnaryOperator f) {
        double lo = 0;
        double hi = 1;
        for (int i = 0; i < 100; i++) {
            double mid = (lo + hi) / 2;
            if (f.applyAsDouble(mid) > 0) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    @Test
    void clopperPearsonEndsHaveClosedForms() {
        // x = 0: upper = 1 - (alpha/2)^(1/n); x = n: lower = (alpha/2)^(1/n) (Clopper & Pearson 1934).
        assertEquals(1 - Math.pow(0.025, 1.0 / 20), ProportionInterval.clopperPearson(0, 20, 0.95).upper(), 1e-12);
        assertEquals(Math.pow(0.005, 1.0 / 7), ProportionInterval.clopperPearson(7, 7, 0.99).lower(), 1e-12);
    }

    @Test
    void clopperPearsonIsWiderThanWilsonInTheMiddle() {
        Metric cp = ProportionInterval.clopperPearson(81, 263, 0.95);
        Metric w = ProportionInterval.wilson(81, 263, 0.95);
        org.junit.jupiter.api.Assertions.assertTrue(cp.lower() < w.lower() && cp.upper() > w.upper());
    }
}
