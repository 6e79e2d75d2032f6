package org.sparsebench.compare;

/** What a comparison row concludes. FAIL and PASS only occur under a gate. */
public enum Verdict {
    /** Gated: worse than the baseline beyond the tolerance, and significant after correction. */
    FAIL("FAIL"),
    /** Gated: not worse beyond the tolerance, or not significantly so. */
    PASS("pass"),
    /** Ungated: significantly worse after correction. */
    WORSE("worse"),
    /** Significantly better after correction. */
    BETTER("better"),
    /** No significant difference after correction. */
    SAME("n.s."),
    /** No test applies (no interval, no per-sample records). */
    UNTESTED("untested");

    private final String label;

    Verdict(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
