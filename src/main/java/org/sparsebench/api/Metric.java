package org.sparsebench.api;

/**
 * A measured number with its interval: estimate, {@code [lower, upper]} at {@code level}, the
 * method that produced the interval, and the sample size. Lower/upper are NaN when no interval
 * applies.
 */
public record Metric(double value, double lower, double upper, double level, String method, long n) {

    public static Metric point(double value, long n) {
        return new Metric(value, Double.NaN, Double.NaN, Double.NaN, "none", n);
    }

    public boolean hasInterval() {
        return !Double.isNaN(lower);
    }
}
