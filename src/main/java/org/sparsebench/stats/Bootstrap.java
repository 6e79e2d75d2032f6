package org.sparsebench.stats;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.sparsebench.api.Metric;

/**
 * Seeded percentile bootstrap (Efron &amp; Tibshirani 1993, ch. 13) for any statistic of per-sample
 * records. Resampling is stratified: indices are drawn with replacement within each stratum, so a
 * two-group statistic such as AUROC keeps its group sizes. Same seed ⇒ same interval.
 */
public final class Bootstrap {
    public static final int DEFAULT_REPLICATES = 1000;

    private Bootstrap() {
    }

    /** A statistic of the samples listed in {@code indices} (with repeats). */
    @FunctionalInterface
    public interface Statistic {
        double compute(int[] indices);
    }

    /**
     * The statistic on all samples with its percentile interval.
     *
     * @param strata stratum id per sample (all zeros for plain resampling)
     */
    public static Metric percentile(int[] strata, Statistic statistic, int replicates, long seed, double level) {
        int n = strata.length;
        int[] identity = new int[n];
        for (int i = 0; i < n; i++) {
            identity[i] = i;
        }
        double estimate = statistic.compute(identity);
        int[][] groups = groups(strata);
        SplittableRandom random = new SplittableRandom(seed);
        double[] reps = new double[replicates];
        int[] idx = new int[n];
        int valid = 0;
        for (int b = 0; b < replicates; b++) {
            int k = 0;
            for (int[] g : groups) {
                for (int j = 0; j < g.length; j++) {
                    idx[k++] = g[random.nextInt(g.length)];
                }
            }
            double v = statistic.compute(idx);
            if (!Double.isNaN(v)) {
                reps[valid++] = v;
            }
        }
        if (valid == 0) {
            return new Metric(estimate, Double.NaN, Double.NaN, level, "bootstrap-percentile", n);
        }
        double[] sorted = Arrays.copyOf(reps, valid);
        Arrays.sort(sorted);
        double alpha = (1 - level) / 2;
        return new Metric(estimate, quantile(sorted, alpha), quantile(sorted, 1 - alpha), level, "bootstrap-percentile",
                n);
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
