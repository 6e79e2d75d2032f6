package org.sparsebench.stats;

import org.apache.commons.math3.distribution.NormalDistribution;

/** Standard normal quantiles and tails, shared by the tests and intervals of this package. */
final class Normal {
    private static final NormalDistribution STANDARD = new NormalDistribution(null, 0, 1);

    private Normal() {
    }

    static double quantile(double p) {
        return STANDARD.inverseCumulativeProbability(p);
    }

    static double cdf(double z) {
        return STANDARD.cumulativeProbability(z);
    }

    /** Two-sided p-value of a standard normal statistic; NaN stays NaN. */
    static double twoSidedP(double z) {
        if (Double.isNaN(z)) {
            return Double.NaN;
        }
        return Math.min(1, 2 * STANDARD.cumulativeProbability(-Math.abs(z)));
    }
}
