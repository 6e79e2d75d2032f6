package org.sparsebench.suites.support;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparsebench.api.BatchMemo;
import org.sparsebench.data.Floats;

/**
 * A {@link BatchMemo} bounded in bytes: float32 batches kept on the Java heap, least recently used
 * evicted first once the kept bytes would exceed the budget. So memory stays flat however many
 * samples a run evaluates; when one model's batches exceed the budget, later models recompute the
 * evicted ones. A hit returns a fresh array (the stored values never leave the memo); a batch of
 * another data type, or larger than the budget, is computed and returned but not kept. Thread-safe:
 * the computation runs outside the lock (two threads may compute one key; both get equal bytes).
 */
public final class LruBatchMemo implements BatchMemo {
    /** Default budget: 256 MiB (about 85,000 28×28 float images). */
    public static final long DEFAULT_BUDGET_BYTES = 256L << 20;
    /** System property overriding the run's budget in bytes ({@code 0} turns the memo off). */
    public static final String BUDGET_PROPERTY = "sparsebench.batchMemoBytes";
    private static final long ENTRY_OVERHEAD = 96;

    private final long budget;
    private final LinkedHashMap<Object, Stored> entries = new LinkedHashMap<>(64, 0.75f, true);
    private long bytes;
    private long hits;
    private long misses;

    private record Stored(float[] values, long[] shape, long bytes) {
    }

    /** @param budgetBytes the most bytes kept (values plus an estimate of keys and bookkeeping); ≥ 0 */
    public LruBatchMemo(long budgetBytes) {
        if (budgetBytes < 0) {
            throw new IllegalArgumentException("budget must be >= 0 bytes: " + budgetBytes);
        }
        this.budget = budgetBytes;
    }

    /** A memo with the budget of {@link #BUDGET_PROPERTY}, else {@link #DEFAULT_BUDGET_BYTES}. */
    public static LruBatchMemo forRun() {
        return new LruBatchMemo(Long.getLong(BUDGET_PROPERTY, DEFAULT_BUDGET_BYTES));
    }

    @Override
    public INDArray get(Object key, Supplier<INDArray> compute) {
        Stored s;
        synchronized (this) {
            s = entries.get(key);
            if (s != null) {
                hits++;
            } else {
                misses++;
            }
        }
        if (s != null) {
            return Floats.array(s.values(), s.shape()); // copies into a new buffer
        }
        INDArray x = compute.get();
        if (budget > 0 && x.dataType() == DataType.FLOAT) {
            long size = 4L * x.length() + 8L * x.rank() + ENTRY_OVERHEAD
                    + (key instanceof BatchKey k ? k.bytes() : ENTRY_OVERHEAD);
            if (size <= budget) {
                float[] values = Floats.of(x);
                put(key, new Stored(values, x.shape(), size));
            }
        }
        return x;
    }

    private synchronized void put(Object key, Stored s) {
        Stored old = entries.put(key, s);
        bytes += s.bytes() - (old == null ? 0 : old.bytes());
        Iterator<Map.Entry<Object, Stored>> it = entries.entrySet().iterator();
        while (bytes > budget && it.hasNext()) {
            Map.Entry<Object, Stored> e = it.next();
            if (e.getKey().equals(key)) {
                continue;
            }
            bytes -= e.getValue().bytes();
            it.remove();
        }
    }

    /** Bytes kept now; never above the budget. */
    public synchronized long bytes() {
        return bytes;
    }

    /** Batches kept now. */
    public synchronized int size() {
        return entries.size();
    }

    public synchronized long hits() {
        return hits;
    }

    public synchronized long misses() {
        return misses;
    }

    public long budget() {
        return budget;
    }

    @Override
    public String toString() {
        return "LruBatchMemo(budget=" + budget + ", bytes=" + bytes() + ", hits=" + hits() + ", misses=" + misses() + ")";
    }
}
