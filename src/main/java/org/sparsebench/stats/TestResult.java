package org.sparsebench.stats;

/**
 * The outcome of a two-sample comparison: the estimated difference (current − baseline, or
 * second − first), its interval {@code [lower, upper]} at {@code level}, the two-sided p-value of
 * "no difference", the method that produced both, and the number of samples (pairs when paired).
 * Lower/upper/p are NaN when the method gives none.
 */
public record TestResult(double estimate, double lower, double upper, double level, double pValue, String method,
        long n) {

    public TestResult {
        if (method == null || method.isBlank()) {
            throw new IllegalArgumentException("method is required");
        }
    }

    /** A difference with no test (e.g. neither side reported an interval). */
    public static TestResult untested(double estimate, String method, long n) {
        return new TestResult(estimate, Double.NaN, Double.NaN, Double.NaN, Double.NaN, method, n);
    }

    public boolean tested() {
        return !Double.isNaN(pValue);
    }
}
