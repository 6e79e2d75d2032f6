package org.sparsebench.report;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * The value computed for the last key asked about (keys compared with {@code equals}). The reporters
 * of a run (HTML, Allure) hand a section equal inputs, built separately, and the section's output is a
 * function of them, so it is computed once and reused. Thread-safe: a caller with an equal key waits
 * for the computation under way instead of repeating it.
 */
final class Remembered<V> {
    private Object key;
    private V value;

    synchronized V get(Object key, Supplier<V> compute) {
        if (this.key == null || !Objects.equals(this.key, key)) {
            V v = compute.get();
            this.key = key;
            this.value = v;
        }
        return value;
    }
}
