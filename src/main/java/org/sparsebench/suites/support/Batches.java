package org.sparsebench.suites.support;

import java.util.Arrays;

/** Splits an index list into consecutive batches. */
public final class Batches {
    private Batches() {
    }

    /** The {@code b}-th batch of {@code indices} of at most {@code size} elements. */
    public static int[] batch(int[] indices, int b, int size) {
        int from = b * size;
        return Arrays.copyOfRange(indices, from, Math.min(indices.length, from + size));
    }

    public static int count(int total, int size) {
        return (total + size - 1) / size;
    }
}
