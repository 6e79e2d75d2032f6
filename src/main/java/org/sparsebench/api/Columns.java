package org.sparsebench.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-sample records of one condition, column-wise: every column has one entry per sample.
 * Conventional names: {@code index} (sample index in its dataset), {@code label}, {@code prediction},
 * {@code correct} (0/1), {@code ood} (0 in-distribution, 1 out), {@code score},
 * {@code perturbation} (norm of the adversarial perturbation found).
 */
public final class Columns {
    private final Map<String, Object> columns = new LinkedHashMap<>();
    private int rows = -1;

    public Columns ints(String name, int[] values) {
        check(values.length);
        columns.put(name, values.clone());
        return this;
    }

    public Columns doubles(String name, double[] values) {
        check(values.length);
        columns.put(name, values.clone());
        return this;
    }

    public int rows() {
        return Math.max(rows, 0);
    }

    public int[] ints(String name) {
        return columns.get(name) instanceof int[] a ? a.clone() : null;
    }

    public double[] doubles(String name) {
        return columns.get(name) instanceof double[] a ? a.clone() : null;
    }

    /** Column name to {@code int[]} or {@code double[]}, in insertion order. */
    public Map<String, Object> asMap() {
        return Collections.unmodifiableMap(columns);
    }

    private void check(int n) {
        if (rows >= 0 && n != rows) {
            throw new IllegalArgumentException("column length " + n + " differs from " + rows);
        }
        rows = n;
    }
}
