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

    // Efron & Tibshirani (1993), "An Introduction to the Bootstrap", Table 14.1: spatial test scores A
    // of 26 neurologically impaired children; statistic: the plug-in variance, 171.5.
    static final double[] SPATIAL_A = {48, 36, 20, 29, 42, 42, 20, 42, 22, 41, 45, 14, 6, 0, 33, 28, 34, 4, 32, 24, 47,
        41, 24, 26, 30, 41};

    private static Bootstrap.Statistic plugInVariance(double[] x) {
        return idx -> {
            double m = 0;
            for (int i : idx) {
                m += x[i];
            }
            m /= idx.length;
            double v = 0;
            for (int i : idx) {
                v += (x[i] - m) * (x[i] - m);
            }
            return v / idx.length;
        };
    }

    @Test
    void bcaOfTheSpatialVarianceMatchesEfronTibshiraniTable14_2() {
        // Table 14.2, 90% intervals for the variance (B = 2000): percentile 100.8 to 233.9,
        // BCa 115.8 to 259.6. Our replicates differ from theirs, so allow Monte Carlo error
        // (their own ABC interval, which has none, is 116.7 to 260.9).
        Metric bca = Bootstrap.bca(new int[26], plugInVariance(SPATIAL_A), 20000, 5, 0.90);
        assertEquals(171.5, bca.value(), 0.05);
        assertEquals(115.8, bca.lower(), 4);
        assertEquals(259.6, bca.upper(), 8);
        assertEquals("bootstrap-bca", bca.method());
        Metric pct = Bootstrap.percentile(new int[26], plugInVariance(SPATIAL_A), 20000, 5, 0.90);
        assertEquals(100.8, pct.lower(), 4);
        assertEquals(233.9, pct.upper(), 8);
        assertTrue(bca.lower() > pct.lower() && bca.upper() > pct.upper(), "BCa shifts right for a skewed statistic");
    }

    @Test
    void jackknifeAccelerationOfTheMeanIsTheClosedForm() {
        // For the mean, theta_(i) - theta_bar = -(x_i - x_bar)/(n - 1), so
        // a = sum (x_i - x_bar)^3 / (6 (sum (x_i - x_bar)^2)^(3/2))  (Efron & Tibshirani 1993, eq. 14.15).
        double[] x = SPATIAL_A;
        double m = java.util.Arrays.stream(x).average().orElseThrow();
        double s2 = 0;
        double s3 = 0;
        for (double v : x) {
            s2 += (v - m) * (v - m);
            s3 += (v - m) * (v - m) * (v - m);
        }
        Bootstrap.Statistic mean = idx -> {
            double s = 0;
            for (int i : idx) {
                s += x[i];
            }
            return s / idx.length;
        };
        assertEquals(s3 / (6 * Math.pow(s2, 1.5)), Bootstrap.acceleration(x.length, mean), 1e-12);
    }

    @Test
    void bcaIsReproducibleAndAgreesWithTheAnalyticIntervalForALargeSample() {
        // A proportion of n = 3000 Bernoulli(0.3) draws: Wilson's interval is the analytic reference.
        SplittableRandom r = new SplittableRandom(9);
        int n = 3000;
        int[] y = new int[n];
        int ones = 0;
        for (int i = 0; i < n; i++) {
            y[i] = r.nextDouble() < 0.3 ? 1 : 0;
            ones += y[i];
        }
        Bootstrap.Statistic share = idx -> {
            double s = 0;
            for (int i : idx) {
                s += y[i];
            }
            return s / idx.length;
        };
        Metric bca = Bootstrap.bca(new int[n], share, 2000, 17, 0.95);
        Metric wilson = ProportionInterval.wilson(ones, n, 0.95);
        double centre = (wilson.lower() + wilson.upper()) / 2;
        assertTrue(bca.lower() < centre && centre < bca.upper(), "contains the analytic centre");
        double width = wilson.upper() - wilson.lower();
        assertEquals(width, bca.upper() - bca.lower(), 0.1 * width, "about the analytic width");
        assertEquals(bca, Bootstrap.bca(new int[n], share, 2000, 17, 0.95), "same seed, same interval");
    }

    @Test
    void bootstrapTestOfAPairedDifference() {
        // Paired differences d_i = 1 for 60 samples, -1 for 40, 0 for 900: mean 0.02, se by the
        // normal approximation sqrt((100/1000 - 0.02^2) / 1000) = 0.00998 -> z = 2.004, p = 0.045.
        int n = 1000;
        double[] d = new double[n];
        for (int i = 0; i < 60; i++) {
            d[i] = 1;
        }
        for (int i = 60; i < 100; i++) {
            d[i] = -1;
        }
        Bootstrap.Statistic mean = idx -> {
            double s = 0;
            for (int i : idx) {
                s += d[i];
            }
            return s / idx.length;
        };
        TestResult t = Bootstrap.test(new int[n], mean, 4000, 3, 0.95, "bootstrap-paired");
        assertEquals(0.02, t.estimate(), 1e-12);
        assertEquals(0.045, t.pValue(), 0.015);
        assertEquals(0.02 - 1.96 * 0.00998, t.lower(), 0.002);
        assertEquals(0.02 + 1.96 * 0.00998, t.upper(), 0.002);
        assertEquals(t, Bootstrap.test(new int[n], mean, 4000, 3, 0.95, "bootstrap-paired"));
    }

    @Test
    void sameIntervalOnAnyNumberOfThreads() throws Exception {
        // Replicate r draws from its own stream Seeds.of(seed, "replicate", r): the pool size must not matter.
        SplittableRandom r = new SplittableRandom(21);
        int n = 700;
        double[] x = r.doubles(n).toArray();
        int[] strata = new int[n];
        for (int i = 0; i < n; i++) {
            strata[i] = i % 3 == 0 ? 1 : 0;
        }
        Bootstrap.Statistic mean = idx -> {
            double s = 0;
            for (int i : idx) {
                s += x[i];
            }
            return s / idx.length;
        };
        java.util.concurrent.ForkJoinPool one = new java.util.concurrent.ForkJoinPool(1);
        java.util.concurrent.ForkJoinPool four = new java.util.concurrent.ForkJoinPool(4);
        try {
            Metric a = one.submit(() -> Bootstrap.percentile(strata, mean, 999, 4, 0.9)).get();
            Metric b = four.submit(() -> Bootstrap.percentile(strata, mean, 999, 4, 0.9)).get();
            assertEquals(a, b);
            Metric c = one.submit(() -> Bootstrap.bca(strata, mean, 999, 4, 0.9)).get();
            Metric d = four.submit(() -> Bootstrap.bca(strata, mean, 999, 4, 0.9)).get();
            assertEquals(c, d);
        } finally {
            one.shutdown();
            four.shutdown();
        }
    }

    @Test
    void percentilesOfSeveralStatisticsEqualEachAlone() {
        // One set of resamples for k statistics must give exactly what k separate calls with the seed give.
        SplittableRandom r = new SplittableRandom(8);
        int n = 300;
        double[] x = r.doubles(n).toArray();
        Bootstrap.Statistic mean = idx -> {
            double s = 0;
            for (int i : idx) {
                s += x[i];
            }
            return s / idx.length;
        };
        Bootstrap.Statistic max = idx -> {
            double m = Double.NEGATIVE_INFINITY;
            for (int i : idx) {
                m = Math.max(m, x[i]);
            }
            return m;
        };
        Metric[] both = Bootstrap.percentiles(new int[n], 2, (idx, out) -> {
            out[0] = mean.compute(idx);
            out[1] = max.compute(idx);
        }, 500, 13, 0.95);
        assertEquals(Bootstrap.percentile(new int[n], mean, 500, 13, 0.95), both[0]);
        assertEquals(Bootstrap.percentile(new int[n], max, 500, 13, 0.95), both[1]);
    }

    @Test
    void boundedDrawsAreUniform() {
        // Chi-square goodness of fit of 700,000 draws over 7 cells (6 df): the 99.9% point is 22.46.
        SplittableRandom r = new SplittableRandom(2);
        int k = 7;
        int n = 700_000;
        long[] counts = new long[k];
        for (int i = 0; i < n; i++) {
            counts[Bootstrap.below(r, k)]++;
        }
        double chi2 = 0;
        for (long c : counts) {
            chi2 += (c - n / (double) k) * (c - n / (double) k) / (n / (double) k);
        }
        assertTrue(chi2 < 22.46, "chi2 = " + chi2);
        // A bound that is not a power of two near 2^31 (rejection is frequent): every draw in range,
        // and the upper half as likely as the lower.
        int big = (1 << 30) + 12345;
        long upper = 0;
        for (int i = 0; i < 100_000; i++) {
            int v = Bootstrap.below(r, big);
            assertTrue(v >= 0 && v < big);
            upper += v >= big / 2 ? 1 : 0;
        }
        assertEquals(0.5, upper / 100_000.0, 0.01);
        assertEquals(0, Bootstrap.below(r, 1));
    }
}
