package org.sparsebench.suites.noise;

/** The severity scale shared by every corruption: 1 (mild) to 5 (strong). */
public final class Severities {
    public static final int MIN = 1;
    public static final int MAX = 5;

    private Severities() {
    }

    static void check(int severity) {
        if (severity < MIN || severity > MAX) {
            throw new IllegalArgumentException("severity " + severity + " outside " + MIN + ".." + MAX);
        }
    }
}
