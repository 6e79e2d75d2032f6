package org.sparsebench.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.sparsebench.api.Metric;

class BootstrapTest {

    @Test
    void meanOfALargeSampleMatchesTheNormalTheoryInterval() {
        // n = 2000 draws of U(0,1): the mean's standard error is sqrt(1/12/n); the 95% normal-theory
        // interval has half-width 1.96·se ≈ 0.01265. The percentile bootstrap should agree within ~10%.
        SplittableRandom r = new SplittableRandom(3);
        int n = 2000;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextDouble();
        }
        Bootstrap.Statistic mean = idx -> {
            double s = 0;
            for (int i : idx) {
                s += x[i];
            }
            return s / idx.length;
        };
        Metric m = Bootstrap.percentile(new int[n], mean, 2000, 11, 0.95);
        double se = Math.sqrt(1.0 / 12 / n);
        double half = (m.upper() - m.lower()) / 2;
        assertEquals(1.959964 * se, half, 0.1 * 1.959964 * se);
        assertTrue(m.lower() < m.value() && m.value() < m.upper());
        assertEquals(m, Bootstrap.percentile(new int[n], mean, 2000, 11, 0.95), "same seed, same interval");
    }

    @Test
    void stratifiedResamplingKeepsGroupSizes() {
        int[] strata = {0, 0, 0, 1, 1};
        Bootstrap.percentile(strata, idx -> {
            long ones = java.util.Arrays.stream(idx).filter(i -> strata[i] == 1).count();
            assertEquals(2, ones);
            return 0;
        }, 50, 1, 0.95);
    }

    @Test
    void quantileInterpolatesLinearly() {
        assertEquals(2.5, Bootstrap.quantile(new double[] {1, 2, 3, 4}, 0.5), 1e-12);
        assertEquals(1.0, Bootstrap.quantile(new double[] {1, 2, 3, 4}, 0.0), 1e-12);
    }
}
