package org.sparsebench.stats;

import org.sparsebench.api.Metric;

/** Intervals for the mean of bounded per-sample values. */
public final class MeanInterval {
    private MeanInterval() {
    }

    /**
     * The sample mean with the normal-approximation (central limit) interval
     * {@code mean ± z_{(1+level)/2} · s / √n}, s the sample standard deviation (n − 1), clipped to
     * {@code [lo, hi]}; {@code method = "normal-mean"}. Fewer than two values: the mean, no interval.
     */
    public static Metric normal(double[] values, double level, double lo, double hi) {
        int n = values.length;
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        double mean = n == 0 ? Double.NaN : sum / n;
        if (n < 2) {
            return Metric.point(mean, n);
        }
        double ss = 0;
        for (double v : values) {
            ss += (v - mean) * (v - mean);
        }
        double half = Normal.quantile(0.5 + level / 2) * Math.sqrt(ss / (n - 1) / n);
        return new Metric(mean, Math.max(lo, mean - half), Math.min(hi, mean + half), level, "normal-mean", n);
    }
}
