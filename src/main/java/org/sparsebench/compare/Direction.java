package org.sparsebench.compare;

import java.util.Locale;

/** Which way a metric improves. */
public enum Direction {
    HIGHER, LOWER;

    /**
     * The default for a metric name: lower is better for error rates, false-positive rates, attack
     * success rates and corruption errors (CE, mCE, relative mCE); higher for everything else
     * (accuracies, AUROC). A gate file can override it per metric.
     */
    public static Direction defaultFor(String metric) {
        String m = metric.toLowerCase(Locale.ROOT);
        boolean lower = m.equals("error") || m.endsWith("_error") || m.startsWith("fpr") || m.contains("success_rate")
                || m.matches("(relative_)?m?ce([/_].*)?") || m.equals("ece") || m.equals("nll");
        return lower ? LOWER : HIGHER;
    }

    /** How much worse {@code current} is than {@code baseline} (positive = worse). */
    public double worseBy(double difference) {
        return this == HIGHER ? -difference : difference;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
