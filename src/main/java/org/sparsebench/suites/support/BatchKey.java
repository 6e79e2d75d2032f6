package org.sparsebench.suites.support;

import java.util.Arrays;
import java.util.List;

/**
 * A {@link org.sparsebench.api.BatchMemo} key: the parts that determine a batch's bytes (what made it,
 * its parameters, the run seed, the source data) and its sample indices, compared by value. Parts
 * without value equality (a corruption plugin, a dataset) compare by identity, which is exact for the
 * one instance a run holds.
 */
public final class BatchKey {
    private final List<Object> parts;
    private final int[] indices;
    private final int hash;

    private BatchKey(List<Object> parts, int[] indices) {
        this.parts = parts;
        this.indices = indices;
        this.hash = 31 * parts.hashCode() + Arrays.hashCode(indices);
    }

    /** @param indices copied; @param parts never null */
    public static BatchKey of(int[] indices, Object... parts) {
        return new BatchKey(List.of(parts), indices.clone());
    }

    /** Approximate heap bytes of the key (for the memo's budget). */
    long bytes() {
        return 64 + 4L * indices.length + 16L * parts.size();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BatchKey k && hash == k.hash && Arrays.equals(indices, k.indices) && parts.equals(k.parts);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return "BatchKey" + parts + "[" + indices.length + " samples]";
    }
}
