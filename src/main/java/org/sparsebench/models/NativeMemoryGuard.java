package org.sparsebench.models;

import java.util.function.LongSupplier;
import org.bytedeco.javacpp.Pointer;
import org.sparsebench.api.ConfigException;

/**
 * Keeps ND4J's off-heap memory from piling up during a run. ND4J releases an array's native buffer
 * only after the collector has found its small Java handle unreachable; SameDiff's per-op arrays
 * outlive a young collection or two and end up in the old generation, which a multi-gigabyte heap
 * holding a few hundred megabytes of live objects never collects. Between collections, the
 * buffers of every batch so far stay resident, so a run's peak memory grew with {@code --limit}
 * (docs/PERFORMANCE.md). {@link #check}, called after every model call, runs a full collection when
 * the resident set is more than the budget above its base, the size after the first call of the
 * current model; the collection releases those buffers, so memory stays flat however many batches a
 * run has. The base is taken again only after a model switch ({@link #newModel}, which first
 * collects the previous model's buffers); within a model it stays fixed, so it cannot creep up with
 * the run's length (re-basing after a collection that freed little was tried and crept to 6.3 GB:
 * glibc keeps freed pages resident, so the resident set after a collection overstates what is live).
 * When the live footprint is above the threshold anyway, collections are spaced at least
 * {@value #SPACING} times their own duration apart, which caps their cost at about
 * 1/{@value #SPACING} of the time. A collection never changes a result.
 *
 * <p>The budget is {@value #PROPERTY} (bytes, or with a {@code k}, {@code m} or {@code g} suffix;
 * default {@value #DEFAULT_BUDGET_TEXT}); {@code 0} turns the guard off. Used by the run (after every
 * model call, {@code run.PhaseTimes}) and by {@link Trainer} (after every step). Not thread-safe.
 */
public final class NativeMemoryGuard {
    static final String PROPERTY = "sparsebench.gcBudget";
    static final String DEFAULT_BUDGET_TEXT = "1g";
    /** Minimum time between two collections, in multiples of the last one's duration. */
    public static final int SPACING = 20;

    private final long budget;
    private final LongSupplier resident;
    private final Runnable collect;
    private final LongSupplier clock;
    private long threshold = -1;
    private long lastEnd;
    private long lastNanos;
    private int collections;
    private long nanos;

    /**
     * @param budget   growth of the resident set (bytes) over the first check that triggers a collection; 0 = never
     * @param resident the process's resident bytes
     * @param collect  the collection to run
     * @param clock    nanosecond clock ({@link System#nanoTime()})
     */
    public NativeMemoryGuard(long budget, LongSupplier resident, Runnable collect, LongSupplier clock) {
        if (budget < 0) {
            throw new IllegalArgumentException("budget " + budget + " < 0");
        }
        this.budget = budget;
        this.resident = resident;
        this.collect = collect;
        this.clock = clock;
    }

    /** The guard of a run: budget from {@value #PROPERTY}, resident size from javacpp, {@link System#gc()}. */
    public static NativeMemoryGuard fromSystem() {
        return new NativeMemoryGuard(parseBytes(System.getProperty(PROPERTY, DEFAULT_BUDGET_TEXT)),
                Pointer::physicalBytes, System::gc, System::nanoTime);
    }

    /** Collects when the resident set is more than the budget above the base, unless one just ran. */
    public void check() {
        if (budget == 0) {
            return;
        }
        long now = resident.getAsLong();
        if (threshold < 0) {
            // First call of a model: the footprint the budget is added to.
            threshold = now + budget;
            return;
        }
        if (now > threshold && (collections == 0 || clock.getAsLong() - lastEnd >= SPACING * lastNanos)) {
            collect();
        }
    }

    /** A model was loaded (the previous one closed): releases the previous model's buffers, re-bases at the next check. */
    public void newModel() {
        if (budget == 0) {
            return;
        }
        if (threshold >= 0) {
            collect();
        }
        threshold = -1;
    }

    private void collect() {
        long t = clock.getAsLong();
        collect.run();
        lastEnd = clock.getAsLong();
        lastNanos = lastEnd - t;
        nanos += lastNanos;
        collections++;
    }

    public int collections() {
        return collections;
    }

    /** Time spent in collections the guard ran. */
    public long nanos() {
        return nanos;
    }

    /** {@code 1073741824}, {@code 1024m}, {@code 1g}: bytes. */
    public static long parseBytes(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        long unit = 1;
        if (!t.isEmpty() && "kmg".indexOf(t.charAt(t.length() - 1)) >= 0) {
            unit = 1L << (10 * ("kmg".indexOf(t.charAt(t.length() - 1)) + 1));
            t = t.substring(0, t.length() - 1);
        }
        try {
            long v = Long.parseLong(t);
            if (v < 0) {
                throw new NumberFormatException();
            }
            return Math.multiplyExact(v, unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new ConfigException("-D" + PROPERTY + "=" + text + ": expected a size in bytes such as 512m or 2g,"
                    + " or 0 to turn the guard off");
        }
    }
}
