package org.sparsebench.stats;

import org.apache.commons.math3.stat.interval.ConfidenceInterval;
import org.apache.commons.math3.stat.interval.WilsonScoreInterval;
import org.sparsebench.api.Metric;

/** Accuracy-like proportions with a Wilson score interval (Wilson 1927), via Commons Math. */
public final class ProportionInterval {
    private ProportionInterval() {
    }

    /** {@code successes / trials} with its Wilson interval at {@code level}; NaN estimate when trials is 0. */
    public static Metric wilson(long successes, long trials, double level) {
        if (trials == 0) {
            return new Metric(Double.NaN, Double.NaN, Double.NaN, level, "wilson", 0);
        }
        if (successes < 0 || successes > trials) {
            throw new IllegalArgumentException(successes + " successes out of " + trials + " trials");
        }
        ConfidenceInterval ci = new WilsonScoreInterval().createInterval((int) trials, (int) successes, level);
        double p = (double) successes / trials;
        // Commons Math can return bounds a rounding error outside [0, 1] or the estimate; clamp.
        double lo = Math.max(0.0, Math.min(p, ci.getLowerBound()));
        double hi = Math.min(1.0, Math.max(p, ci.getUpperBound()));
        return new Metric(p, lo, hi, level, "wilson", trials);
    }
}
