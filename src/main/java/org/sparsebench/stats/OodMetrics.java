package org.sparsebench.stats;

import java.util.Arrays;
import org.sparsebench.api.Metric;

/**
 * Threshold metrics of an out-of-distribution detector: AUPR-In, AUPR-Out and the false-positive
 * rate at 95% true-positive rate in both conventions, computed exactly on all thresholds (ties in
 * the score share one threshold), with seeded bootstrap intervals stratified by in/out.
 *
 * <p>Scores follow OpenOOD: higher means more in-distribution. A sample is <em>accepted</em>
 * (called in-distribution) at threshold {@code t} when its score is {@code ≥ t}.
 *
 * <ul>
 *   <li>AUPR is the average precision {@code Σ_k (R_k − R_{k−1}) P_k} over the distinct thresholds
 *       (scikit-learn's {@code average_precision_score}, the step-wise area Hendrycks &amp; Gimpel and
 *       OpenOOD report): AUPR-In with in-distribution as the positive class and the score as is,
 *       AUPR-Out with OOD as positive and the negated score.</li>
 *   <li>FPR95 is the FPR at the first threshold (sweeping from the strict end) whose TPR reaches
 *       95%; see {@link Convention} for which class is positive.</li>
 * </ul>
 */
public final class OodMetrics {
    private final double[] sorted;   // scores, descending
    private final int[] sample;      // sample id of each sorted position (in: 0..m-1, out: m..m+n-1)
    private final int[] groupEnd;    // exclusive end of the tie group each sorted position belongs to
    private final int m;
    private final int n;

    /** Which class FPR95 treats as positive; the default is {@link #IN_POSITIVE}. */
    public enum Convention {
        /**
         * Hendrycks &amp; Gimpel (2017) and ODIN (Liang et al. 2018): in-distribution is positive; FPR95 is
         * the share of OOD samples accepted when 95% of the in-distribution samples are.
         */
        IN_POSITIVE("in-positive", "in-distribution positive (Hendrycks & Gimpel 2017, ODIN): "
                + "share of OOD samples accepted when 95% of in-distribution samples are"),
        /**
         * OpenOOD (Yang et al. 2022): OOD is positive; FPR95 is the share of in-distribution samples
         * rejected when 95% of the OOD samples are caught.
         */
        OOD_POSITIVE("ood-positive", "OOD positive (OpenOOD): share of in-distribution samples rejected when "
                + "95% of OOD samples are caught");

        private final String id;
        private final String description;

        Convention(String id, String description) {
            this.id = id;
            this.description = description;
        }

        /** Short name used in metric names and suite files: {@code in-positive}, {@code ood-positive}. */
        public String id() {
            return id;
        }

        /** One sentence naming the convention and its source, shown next to every number. */
        public String description() {
            return description;
        }
    }

    /**
     * @param in  scores of in-distribution samples (higher = more in-distribution)
     * @param out scores of out-of-distribution samples
     * @throws IllegalArgumentException when a class is empty or a score is NaN
     */
    public OodMetrics(double[] in, double[] out) {
        m = in.length;
        n = out.length;
        if (m == 0 || n == 0) {
            throw new IllegalArgumentException("OOD metrics need both classes: " + m + " in, " + n + " out");
        }
        double[] all = new double[m + n];
        System.arraycopy(in, 0, all, 0, m);
        System.arraycopy(out, 0, all, m, n);
        Integer[] order = new Integer[m + n];
        for (int i = 0; i < order.length; i++) {
            if (Double.isNaN(all[i])) {
                throw new IllegalArgumentException("score of " + (i < m ? "in" : "out") + " sample "
                        + (i < m ? i : i - m) + " is NaN");
            }
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(all[b], all[a]));
        sorted = new double[m + n];
        sample = new int[m + n];
        for (int k = 0; k < order.length; k++) {
            sorted[k] = all[order[k]];
            sample[k] = order[k];
        }
        groupEnd = new int[m + n];
        int k = 0;
        while (k < sorted.length) {
            int e = k + 1;
            while (e < sorted.length && sorted[e] == sorted[k]) {
                e++;
            }
            Arrays.fill(groupEnd, k, e, e);
            k = e;
        }
    }

    /** Stratum per sample for {@link Bootstrap}: 0 for in (ids {@code 0..m-1}), 1 for out ({@code m..m+n-1}). */
    public int[] strata() {
        int[] s = new int[m + n];
        Arrays.fill(s, m, m + n, 1);
        return s;
    }

    /** AUPR with in-distribution positive (average precision of the score). */
    public double auprIn() {
        return auprIn(ones());
    }

    /** AUPR with OOD positive (average precision of the negated score). */
    public double auprOut() {
        return auprOut(ones());
    }

    /** FPR at 95% TPR in the given convention. */
    public double fpr95(Convention c) {
        return fprAtTpr(0.95, c, ones());
    }

    /** FPR at the first threshold reaching TPR {@code tpr}, in the given convention. */
    public double fprAtTpr(double tpr, Convention c) {
        return fprAtTpr(tpr, c, ones());
    }

    /** AUPR-In with a seeded stratified bootstrap interval. */
    public Metric auprInInterval(int replicates, long seed, double level) {
        return Bootstrap.percentile(strata(), idx -> auprIn(weights(idx)), replicates, seed, level);
    }

    /** AUPR-Out with a seeded stratified bootstrap interval. */
    public Metric auprOutInterval(int replicates, long seed, double level) {
        return Bootstrap.percentile(strata(), idx -> auprOut(weights(idx)), replicates, seed, level);
    }

    /** FPR95 in convention {@code c} with a seeded stratified bootstrap interval. */
    public Metric fpr95Interval(Convention c, int replicates, long seed, double level) {
        return Bootstrap.percentile(strata(), idx -> fprAtTpr(0.95, c, weights(idx)), replicates, seed, level);
    }

    /** The four threshold metrics with their bootstrap intervals, as {@link #intervals} returns them. */
    public record Intervals(Metric auprIn, Metric auprOut, Metric fpr95InPositive, Metric fpr95OodPositive) {
    }

    /**
     * AUPR-In, AUPR-Out and FPR95 in both conventions with their seeded stratified bootstrap intervals,
     * from one set of resamples: each equals its own {@code …Interval} method with the same seed.
     */
    public Intervals intervals(int replicates, long seed, double level) {
        // Tie groups in score order: [starts[g], starts[g + 1]).
        int count = 0;
        for (int k = 0; k < sorted.length; k = groupEnd[k]) {
            count++;
        }
        int groups = count;
        int[] starts = new int[groups + 1];
        for (int k = 0, g = 0; k < sorted.length; k = groupEnd[k]) {
            starts[g++] = k;
        }
        starts[groups] = sorted.length;
        ThreadLocal<Replicate> scratch = ThreadLocal.withInitial(() -> new Replicate(m + n, groups));
        Metric[] ci = Bootstrap.percentiles(strata(), 4, (idx, out) -> {
            Replicate r = scratch.get(); // one scratch set per thread: no garbage per replicate
            r.fill(idx, starts);
            out[0] = r.aupr(true);
            out[1] = r.aupr(false);
            out[2] = r.fpr95(true);
            out[3] = r.fpr95(false);
        }, replicates, seed, level);
        return new Intervals(ci[0], ci[1], ci[2], ci[3]);
    }

    /**
     * One resample's weights summed per tie group, from which the four metrics of {@link #intervals}
     * follow in one sweep over the groups each, instead of one sweep over every sample with a lookup
     * of its weight. The weights are counts, so every sum below is an exact integer in a double: the
     * values equal those of the per-sample forms ({@link #auprIn(int[])} …) bit for bit, as the
     * floating-point steps that are not exact (the precision terms) run in the same order.
     */
    private final class Replicate {
        final int[] w;
        final double[] in;  // weight of in-distribution samples per group, in score order
        final double[] out; // weight of OOD samples per group
        double inTotal;
        double outTotal;

        Replicate(int samples, int groups) {
            w = new int[samples];
            in = new double[groups];
            out = new double[groups];
        }

        void fill(int[] idx, int[] starts) {
            Arrays.fill(w, 0);
            for (int i : idx) {
                w[i]++;
            }
            inTotal = 0;
            outTotal = 0;
            for (int g = 0; g < in.length; g++) {
                long a = 0;
                long b = 0;
                for (int j = starts[g]; j < starts[g + 1]; j++) {
                    int id = sample[j];
                    if (id < m) {
                        a += w[id];
                    } else {
                        b += w[id];
                    }
                }
                in[g] = a;
                out[g] = b;
                inTotal += a;
                outTotal += b;
            }
        }

        /** AUPR-In ({@code inPositive}: groups by descending score) or AUPR-Out (ascending). */
        double aupr(boolean inPositive) {
            double[] pos = inPositive ? in : out;
            double[] neg = inPositive ? out : in;
            double positives = inPositive ? inTotal : outTotal;
            double tp = 0;
            double fp = 0;
            double ap = 0;
            int groups = in.length;
            for (int step = 0; step < groups; step++) {
                int g = inPositive ? step : groups - 1 - step;
                double newTp = pos[g];
                fp += neg[g];
                tp += newTp;
                if (newTp > 0) {
                    ap += newTp / positives * (tp / (tp + fp));
                }
            }
            return ap;
        }

        /** FPR95 in the in-positive or OOD-positive convention, as {@link #fprAtTpr} computes it. */
        double fpr95(boolean inPositive) {
            double[] pos = inPositive ? in : out;
            double[] neg = inPositive ? out : in;
            double positives = inPositive ? inTotal : outTotal;
            double negatives = inPositive ? outTotal : inTotal;
            double need = Math.ceil(0.95 * positives - 1e-9);
            double tp = 0;
            double fp = 0;
            int groups = in.length;
            for (int step = 0; step < groups; step++) {
                int g = inPositive ? step : groups - 1 - step;
                tp += pos[g];
                fp += neg[g];
                if (tp >= need) {
                    break;
                }
            }
            return negatives == 0 ? Double.NaN : fp / negatives;
        }
    }

    // The weighted forms below take a multiplicity per sample id, so a bootstrap resample costs one
    // sweep over the presorted scores instead of a sort.

    double auprIn(int[] w) {
        double positives = 0;
        for (int i = 0; i < m; i++) {
            positives += w[i];
        }
        double tp = 0;
        double fp = 0;
        double ap = 0;
        int k = 0;
        while (k < sorted.length) {
            int e = groupEnd[k];
            double newTp = 0;
            for (int j = k; j < e; j++) {
                if (sample[j] < m) {
                    newTp += w[sample[j]];
                } else {
                    fp += w[sample[j]];
                }
            }
            tp += newTp;
            if (newTp > 0) {
                ap += newTp / positives * (tp / (tp + fp));
            }
            k = e;
        }
        return ap;
    }

    double auprOut(int[] w) {
        double positives = 0;
        for (int i = m; i < m + n; i++) {
            positives += w[i];
        }
        double tp = 0;
        double fp = 0;
        double ap = 0;
        int k = sorted.length - 1;
        while (k >= 0) {
            int s = groupStart(k);
            double newTp = 0;
            for (int j = s; j <= k; j++) {
                if (sample[j] >= m) {
                    newTp += w[sample[j]];
                } else {
                    fp += w[sample[j]];
                }
            }
            tp += newTp;
            if (newTp > 0) {
                ap += newTp / positives * (tp / (tp + fp));
            }
            k = s - 1;
        }
        return ap;
    }

    double fprAtTpr(double tpr, Convention c, int[] w) {
        boolean inPositive = c == Convention.IN_POSITIVE;
        double positives = 0;
        double negatives = 0;
        for (int i = 0; i < m + n; i++) {
            if ((i < m) == inPositive) {
                positives += w[i];
            } else {
                negatives += w[i];
            }
        }
        // TP/P ≥ tpr with integer TP; the tolerance keeps 0.95·20 = 19.000000000000004 from asking for 20.
        double need = Math.ceil(tpr * positives - 1e-9);
        double tp = 0;
        double fp = 0;
        if (inPositive) {
            int k = 0;
            while (k < sorted.length) {
                int e = groupEnd[k];
                for (int j = k; j < e; j++) {
                    if (sample[j] < m) {
                        tp += w[sample[j]];
                    } else {
                        fp += w[sample[j]];
                    }
                }
                if (tp >= need) {
                    break;
                }
                k = e;
            }
        } else {
            int k = sorted.length - 1;
            while (k >= 0) {
                int s = groupStart(k);
                for (int j = s; j <= k; j++) {
                    if (sample[j] >= m) {
                        tp += w[sample[j]];
                    } else {
                        fp += w[sample[j]];
                    }
                }
                if (tp >= need) {
                    break;
                }
                k = s - 1;
            }
        }
        return negatives == 0 ? Double.NaN : fp / negatives;
    }

    private int groupStart(int k) {
        int s = k;
        while (s > 0 && sorted[s - 1] == sorted[k]) {
            s--;
        }
        return s;
    }

    private int[] ones() {
        int[] w = new int[m + n];
        Arrays.fill(w, 1);
        return w;
    }

    private int[] weights(int[] indices) {
        int[] w = new int[m + n];
        for (int i : indices) {
            w[i]++;
        }
        return w;
    }
}
