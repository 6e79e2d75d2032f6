package org.sparsebench.stats;

import org.apache.commons.math3.stat.interval.ClopperPearsonInterval;
import org.apache.commons.math3.stat.interval.ConfidenceInterval;
import org.apache.commons.math3.stat.interval.WilsonScoreInterval;
import org.sparsebench.api.Metric;

/**
 * Accuracy-like proportions with a Wilson score interval (Wilson 1927) or the exact Clopper–Pearson
 * interval (Clopper &amp; Pearson 1934), via Commons Math. Wilson is the default for reported
 * metrics: its coverage is close to nominal, whereas Clopper–Pearson guarantees at least nominal
 * coverage and is wider.
 */
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

    /**
     * {@code successes / trials} with its Clopper–Pearson ("exact") interval at {@code level}: the
     * beta quantiles, lower 0 when successes is 0 and upper 1 when successes equals trials.
     */
    public static Metric clopperPearson(long successes, long trials, double level) {
        if (trials == 0) {
            return new Metric(Double.NaN, Double.NaN, Double.NaN, level, "clopper-pearson", 0);
        }
        if (successes < 0 || successes > trials) {
            throw new IllegalArgumentException(successes + " successes out of " + trials + " trials");
        }
        double p = (double) successes / trials;
        // Commons Math's F-quantile form is undefined at the ends; the closed forms there are 0 and 1.
        double lo = 0;
        double hi = 1;
        if (successes > 0 && successes < trials) {
            ConfidenceInterval ci = new ClopperPearsonInterval().createInterval((int) trials, (int) successes, level);
            lo = ci.getLowerBound();
            hi = ci.getUpperBound();
        } else if (successes == 0) {
            hi = 1 - Math.pow((1 - level) / 2, 1.0 / trials);
        } else {
            lo = Math.pow((1 - level) / 2, 1.0 / trials);
        }
        return new Metric(p, Math.max(0, Math.min(p, lo)), Math.min(1, Math.max(p, hi)), level, "clopper-pearson",
                trials);
    }
}
