package org.sparsebench.api;

/** Closed interval of valid pixel values. */
public record Bounds(double lower, double upper) {
    public static final Bounds UNIT = new Bounds(0.0, 1.0);

    public Bounds {
        if (!(lower < upper)) {
            throw new IllegalArgumentException("bounds need lower < upper: " + lower + ", " + upper);
        }
    }
}
