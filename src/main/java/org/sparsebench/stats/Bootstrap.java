package org.sparsebench.stats;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.sparsebench.api.Metric;
import org.sparsebench.api.Seeds;

/**
 * Seeded percentile bootstrap (Efron &amp; Tibshirani 1993, ch. 13) for any statistic of per-sample
 * records, and the BCa interval. Resampling is stratified: indices are drawn with replacement within each stratum, so a
 * two-group statistic such as AUROC keeps its group sizes. Replicate {@code r} draws from the stream
 * {@code Seeds.of(seed, "replicate", r)}. Same seed ⇒ same interval, on any number of threads.
 */
public final class Bootstrap {
    public static final int DEFAULT_REPLICATES = 1000;

    private Bootstrap() {
    }

    /**
     * A statistic of the samples listed in {@code indices} (with repeats). Must be a pure function of
     * its argument: replicates are evaluated concurrently, and must not keep or change the array.
     */
    @FunctionalInterface
    public interface Statistic {
        double compute(int[] indices);
    }

    /**
     * Several statistics of the same resample, computed together (e.g. from one weight vector). Writes
     * one value per statistic into {@code out}; the same purity rules as {@link Statistic}.
     */
    @FunctionalInterface
    public interface Statistics {
        void compute(int[] indices, double[] out);
    }

    /**
     * Percentile intervals of {@code k} statistics on the same resamples: component {@code s} equals
     * {@link #percentile} of that statistic alone with the same seed, at the cost of one set of draws.
     */
    public static Metric[] percentiles(int[] strata, int k, Statistics statistics, int replicates, long seed,
            double level) {
        double[] estimates = new double[k];
        statistics.compute(identity(strata.length), estimates);
        double[][] sorted = replicates(strata, k, statistics, replicates, seed);
        double alpha = (1 - level) / 2;
        Metric[] out = new Metric[k];
        for (int s = 0; s < k; s++) {
            out[s] = sorted[s].length == 0
                    ? new Metric(estimates[s], Double.NaN, Double.NaN, level, "bootstrap-percentile", strata.length)
                    : new Metric(estimates[s], quantile(sorted[s], alpha), quantile(sorted[s], 1 - alpha), level,
                            "bootstrap-percentile", strata.length);
        }
        return out;
    }

    /**
     * The statistic on all samples with its percentile interval.
     *
     * @param strata stratum id per sample (all zeros for plain resampling)
     */
    public static Metric percentile(int[] strata, Statistic statistic, int replicates, long seed, double level) {
        double estimate = statistic.compute(identity(strata.length));
        double[] sorted = replicates(strata, statistic, replicates, seed);
        if (sorted.length == 0) {
            return new Metric(estimate, Double.NaN, Double.NaN, level, "bootstrap-percentile", strata.length);
        }
        double alpha = (1 - level) / 2;
        return new Metric(estimate, quantile(sorted, alpha), quantile(sorted, 1 - alpha), level, "bootstrap-percentile",
                strata.length);
    }

    /**
     * The statistic on all samples with its bias-corrected and accelerated (BCa) interval (Efron
     * 1987, JASA 82:171; Efron &amp; Tibshirani 1993, ch. 14): the percentile interval's quantile
     * levels shifted by the bias correction z0 (the share of replicates below the estimate) and the
     * acceleration a (from the jackknife, leaving out one sample at a time). Second-order accurate
     * where the percentile interval is first-order; it costs n extra evaluations of the statistic.
     * Falls back to NaN bounds when the replicates all lie on one side of the estimate.
     */
    public static Metric bca(int[] strata, Statistic statistic, int replicates, long seed, double level) {
        int n = strata.length;
        double estimate = statistic.compute(identity(n));
        double[] sorted = replicates(strata, statistic, replicates, seed);
        double below = 0;
        for (double v : sorted) {
            below += v < estimate ? 1 : v == estimate ? 0.5 : 0;
        }
        double share = sorted.length == 0 ? 0 : below / sorted.length;
        if (share <= 0 || share >= 1) {
            return new Metric(estimate, Double.NaN, Double.NaN, level, "bootstrap-bca", n);
        }
        double z0 = Normal.quantile(share);
        double a = acceleration(n, statistic);
        double alpha = (1 - level) / 2;
        double lo = adjusted(z0, a, Normal.quantile(alpha));
        double hi = adjusted(z0, a, Normal.quantile(1 - alpha));
        return new Metric(estimate, quantile(sorted, lo), quantile(sorted, hi), level, "bootstrap-bca", n);
    }

    /**
     * A bootstrap test of "the statistic is 0", for a difference such as current − baseline
     * computed on the same resampled indices (paired) or on a joint sample stratified by run
     * (unpaired): the percentile interval and the two-sided p-value 2·min(P*(θ* ≤ 0), P*(θ* ≥ 0)),
     * the smallest α at which the percentile interval at 1 − α excludes 0 (capped at 1, floored at
     * 1/replicates).
     */
    public static TestResult test(int[] strata, Statistic difference, int replicates, long seed, double level,
            String method) {
        double estimate = difference.compute(identity(strata.length));
        double[] sorted = replicates(strata, difference, replicates, seed);
        if (sorted.length == 0) {
            return TestResult.untested(estimate, method, strata.length);
        }
        double alpha = (1 - level) / 2;
        long le = 0;
        long ge = 0;
        for (double v : sorted) {
            le += v <= 0 ? 1 : 0;
            ge += v >= 0 ? 1 : 0;
        }
        double p = Math.min(1, Math.max(1.0 / sorted.length, 2.0 * Math.min(le, ge) / sorted.length));
        return new TestResult(estimate, quantile(sorted, alpha), quantile(sorted, 1 - alpha), level, p, method,
                strata.length);
    }

    /** Jackknife acceleration â = Σ(θ̄ − θ₍ᵢ₎)³ / (6 (Σ(θ̄ − θ₍ᵢ₎)²)^{3/2}); 0 when the jackknife values are all equal. */
    static double acceleration(int n, Statistic statistic) {
        double[] jack = new double[n];
        int[] idx = new int[n - 1];
        for (int i = 0; i < n; i++) {
            int k = 0;
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    idx[k++] = j;
                }
            }
            jack[i] = statistic.compute(idx);
        }
        double mean = Arrays.stream(jack).average().orElse(0);
        double s2 = 0;
        double s3 = 0;
        for (double v : jack) {
            double d = mean - v;
            s2 += d * d;
            s3 += d * d * d;
        }
        return s2 == 0 ? 0 : s3 / (6 * Math.pow(s2, 1.5));
    }

    private static double adjusted(double z0, double a, double z) {
        double t = z0 + z;
        return Normal.cdf(z0 + t / (1 - a * t));
    }

    /** Replicates per parallel task (one index buffer each). */
    private static final int CHUNK = 16;

    /** Sorted non-NaN replicates of the statistic. */
    private static double[] replicates(int[] strata, Statistic statistic, int replicates, long seed) {
        return replicates(strata, 1, (idx, out) -> out[0] = statistic.compute(idx), replicates, seed)[0];
    }

    /**
     * Per component of {@code statistics}, its sorted non-NaN replicates. Replicate {@code r} draws its
     * resampled indices from its own stream {@code Seeds.of(seed, "replicate", r)}, so replicates are
     * drawn and evaluated in parallel (the common fork-join pool, sized by --threads), each writing its
     * own slot: the same replicates, so the same interval, on any number of threads.
     */
    private static double[][] replicates(int[] strata, int k, Statistics statistics, int replicates, long seed) {
        int n = strata.length;
        int[][] groups = groups(strata);
        double[][] reps = new double[k][replicates];
        int chunks = (replicates + CHUNK - 1) / CHUNK;
        java.util.stream.IntStream.range(0, chunks).parallel().forEach(c -> {
            int[] idx = new int[n];
            double[] values = new double[k];
            for (int r = c * CHUNK; r < Math.min(replicates, (c + 1) * CHUNK); r++) {
                SplittableRandom random = new SplittableRandom(Seeds.of(seed, "replicate", r));
                int pos = 0;
                for (int[] g : groups) {
                    for (int j = 0; j < g.length; j++) {
                        idx[pos++] = g[below(random, g.length)];
                    }
                }
                statistics.compute(idx, values);
                for (int s = 0; s < k; s++) {
                    reps[s][r] = values[s];
                }
            }
        });
        double[][] sorted = new double[k][];
        for (int s = 0; s < k; s++) {
            sorted[s] = Arrays.stream(reps[s]).filter(v -> !Double.isNaN(v)).toArray();
            Arrays.sort(sorted[s]);
        }
        return sorted;
    }

    /**
     * A uniform draw from {@code [0, bound)}: Lemire's multiply-and-shift with rejection ("Fast random
     * integer generation in an interval", ACM TOMACS 29(1), 2019), unbiased like {@code nextInt(bound)}
     * but without its integer division per draw.
     */
    static int below(SplittableRandom random, int bound) {
        long m = (random.nextInt() & 0xFFFFFFFFL) * bound;
        long low = m & 0xFFFFFFFFL;
        if (low < bound) {
            long threshold = (0x100000000L - bound) % bound; // 2^32 mod bound
            while (low < threshold) {
                m = (random.nextInt() & 0xFFFFFFFFL) * bound;
                low = m & 0xFFFFFFFFL;
            }
        }
        return (int) (m >>> 32);
    }

    private static int[] identity(int n) {
        int[] identity = new int[n];
        for (int i = 0; i < n; i++) {
            identity[i] = i;
        }
        return identity;
    }

    /** Type-7 (linear interpolation) sample quantile of sorted values. */
    static double quantile(double[] sorted, double p) {
        double h = (sorted.length - 1) * p;
        int lo = (int) Math.floor(h);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    private static int[][] groups(int[] strata) {
        int[] ids = Arrays.stream(strata).distinct().sorted().toArray();
        int[][] out = new int[ids.length][];
        for (int g = 0; g < ids.length; g++) {
            int id = ids[g];
            out[g] = java.util.stream.IntStream.range(0, strata.length).filter(i -> strata[i] == id).toArray();
        }
        return out;
    }
}
