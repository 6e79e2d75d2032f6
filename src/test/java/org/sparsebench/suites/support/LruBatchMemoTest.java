package org.sparsebench.suites.support;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparsebench.api.Condition;
import org.sparsebench.api.ConditionResult;
import org.sparsebench.api.InputShape;
import org.sparsebench.api.Seeds;
import org.sparsebench.api.SuiteContext;
import org.sparsebench.data.ImageDataset;
import org.sparsebench.suites.anomaly.GeneratedOodSet;
import org.sparsebench.suites.anomaly.OodSet;
import org.sparsebench.suites.noise.GaussianNoise;
import org.sparsebench.suites.noise.MotionBlur;
import org.sparsebench.suites.noise.NoiseSuite;
import org.sparsebench.testing.LinearModel;
import org.sparsebench.testing.TinyData;

class LruBatchMemoTest {
    private final InputShape shape = new InputShape(1, 8, 8);
    private final ImageDataset data = TinyData.random("in", shape, 40, 3, 1);
    private final int[] all = IntStream.range(0, 40).toArray();

    /** A float batch of {@code n} 8×8 images, every value {@code v}. */
    private static INDArray batch(int n, float v) {
        return Nd4j.valueArrayOf(new long[] {n, 1, 8, 8}, v, DataType.FLOAT);
    }

    /** Heap bytes the memo charges for a batch of n 8×8 float images under a 2-index key. */
    private static long charged(int n) {
        LruBatchMemo probe = new LruBatchMemo(1 << 20);
        probe.get(BatchKey.of(new int[2], "x"), () -> batch(n, 0));
        return probe.bytes();
    }

    @Test
    void aCachedCorruptionBatchIsByteIdenticalToAFreshOneAndOwnedByTheCaller() {
        LruBatchMemo memo = new LruBatchMemo(LruBatchMemo.DEFAULT_BUDGET_BYTES);
        GaussianNoise noise = new GaussianNoise();
        int[] idx = {3, 1, 4, 1, 5};
        long[] seeds = Seeds.of(42, "gaussian-noise/3", idx);
        INDArray fresh = noise.apply(data.images(idx), 3, seeds);
        AtomicInteger computed = new AtomicInteger();
        BatchKey key = BatchKey.of(idx, "corrupt", noise, 3, 42L, data);
        INDArray first = memo.get(key, () -> {
            computed.incrementAndGet();
            return noise.apply(data.images(idx), 3, seeds);
        });
        first.addi(1); // the caller owns what it gets: this must not reach the memo
        INDArray second = memo.get(BatchKey.of(idx.clone(), "corrupt", noise, 3, 42L, data), () -> {
            computed.incrementAndGet();
            return noise.apply(data.images(idx), 3, seeds);
        });
        assertEquals(1, computed.get(), "an equal key is a hit");
        assertArrayEquals(fresh.data().asFloat(), second.data().asFloat(), 0f, "bit for bit");
        assertArrayEquals(fresh.shape(), second.shape());
        second.muli(0);
        assertArrayEquals(fresh.data().asFloat(), memo.get(key, () -> null).data().asFloat(), 0f);
        assertEquals(2, memo.hits());
        assertEquals(1, memo.misses());
    }

    @Test
    void evictionKeepsTheMemoUnderBudgetLeastRecentlyUsedFirst() {
        long one = charged(10);
        LruBatchMemo memo = new LruBatchMemo(3 * one); // room for exactly three batches
        AtomicInteger computed = new AtomicInteger();
        for (int b = 0; b < 3; b++) {
            float v = b;
            memo.get(BatchKey.of(new int[] {b, b + 1}, "x"), () -> {
                computed.incrementAndGet();
                return batch(10, v);
            });
        }
        assertEquals(3 * one, memo.bytes());
        memo.get(BatchKey.of(new int[] {0, 1}, "x"), () -> batch(10, -1)); // touch 0: now 1 is the eldest
        for (int b = 3; b < 20; b++) {
            float v = b;
            INDArray x = memo.get(BatchKey.of(new int[] {b, b + 1}, "x"), () -> {
                computed.incrementAndGet();
                return batch(10, v);
            });
            assertEquals(v, x.getFloat(0), 0f);
            assertTrue(memo.bytes() <= memo.budget(), memo.toString());
            assertEquals(3, memo.size());
            if (b == 3) {
                // 1 was evicted, 0 (recently used) and 2 were kept
                assertEquals(0f, memo.get(BatchKey.of(new int[] {0, 1}, "x"), () -> batch(10, -1)).getFloat(0), 0f);
                assertEquals(-1f, memo.get(BatchKey.of(new int[] {1, 2}, "x"), () -> batch(10, -1)).getFloat(0), 0f);
            }
        }
        assertEquals(3 + 17, computed.get());
    }

    @Test
    void aBatchAboveTheBudgetOrNotFloat32IsReturnedButNotKept() {
        LruBatchMemo memo = new LruBatchMemo(charged(10));
        INDArray big = memo.get(BatchKey.of(new int[2], "big"), () -> batch(11, 2));
        assertEquals(2f, big.getFloat(0), 0f);
        assertEquals(0, memo.size());
        memo.get(BatchKey.of(new int[2], "double"), () -> Nd4j.zeros(DataType.DOUBLE, 1, 1, 8, 8));
        assertEquals(0, memo.size());
        LruBatchMemo off = new LruBatchMemo(0);
        off.get(BatchKey.of(new int[2], "x"), () -> batch(1, 0));
        assertEquals(0, off.size());
    }

    @Test
    void keysDifferInAnyPart() {
        GaussianNoise noise = new GaussianNoise();
        BatchKey k = BatchKey.of(new int[] {1, 2}, "corrupt", noise, 3, 42L, data);
        assertEquals(k, BatchKey.of(new int[] {1, 2}, "corrupt", noise, 3, 42L, data));
        assertEquals(k.hashCode(), BatchKey.of(new int[] {1, 2}, "corrupt", noise, 3, 42L, data).hashCode());
        assertNotEquals(k, BatchKey.of(new int[] {2, 1}, "corrupt", noise, 3, 42L, data));
        assertNotEquals(k, BatchKey.of(new int[] {1, 2}, "corrupt", new GaussianNoise(), 3, 42L, data));
        assertNotEquals(k, BatchKey.of(new int[] {1, 2}, "corrupt", noise, 4, 42L, data));
        assertNotEquals(k, BatchKey.of(new int[] {1, 2}, "corrupt", noise, 3, 43L, data));
        assertNotEquals(k, BatchKey.of(new int[] {1, 2}, "corrupt", noise, 3, 42L,
                TinyData.random("in", shape, 40, 3, 1)));
    }

    @Test
    void theSecondModelOfARunReusesTheFirstModelsCorruptedBatchesWithTheSameResults() {
        // Two evaluations of the same model: with the memo the second computes no corruption, and every
        // prediction equals the evaluation without a memo.
        LinearModel model = LinearModel.random("lin", shape, 3, 4);
        NoiseSuite suite = new NoiseSuite("noise", List.of(new GaussianNoise(), new MotionBlur()), List.of(2, 5),
                Map.of());
        LruBatchMemo memo = new LruBatchMemo(LruBatchMemo.DEFAULT_BUDGET_BYTES);
        SuiteContext plain = new SuiteContext(data, all, 42, 16, id -> data, n -> { });
        SuiteContext memoized = new SuiteContext(data, all, 42, 16, id -> data, n -> { }, memo);
        for (Condition c : suite.perturbations()) {
            ConditionResult expected = suite.evaluate(model, c, plain);
            ConditionResult first = suite.evaluate(model, c, memoized);
            long misses = memo.misses();
            ConditionResult second = suite.evaluate(model, c, memoized);
            assertEquals(misses, memo.misses(), "no recomputation for " + c.id());
            for (ConditionResult r : List.of(first, second)) {
                assertArrayEquals(expected.samples().ints("prediction"), r.samples().ints("prediction"), c.id());
                assertEquals(expected.metrics(), r.metrics(), c.id());
            }
        }
        assertEquals(4 * 3, memo.hits()); // 4 conditions x 3 batches of 16, 16, 8
    }

    @Test
    void generatedOodBatchesFromTheMemoEqualFreshOnes() {
        GeneratedOodSet set = new GeneratedOodSet(GeneratedOodSet.Kind.BLOBS, OodSet.Group.FAR);
        LruBatchMemo memo = new LruBatchMemo(LruBatchMemo.DEFAULT_BUDGET_BYTES);
        SuiteContext plain = new SuiteContext(data, all, 7, 16, id -> data, n -> { });
        SuiteContext memoized = new SuiteContext(data, all, 7, 16, id -> data, n -> { }, memo);
        OodSet.Drawn fresh = set.draw(plain, 30);
        for (int round = 0; round < 2; round++) {
            OodSet.Drawn d = set.draw(memoized, 30);
            assertArrayEquals(fresh.images().get(0, 16).data().asFloat(), d.images().get(0, 16).data().asFloat(), 0f);
            assertArrayEquals(fresh.images().get(16, 30).data().asFloat(), d.images().get(16, 30).data().asFloat(), 0f);
        }
        assertEquals(2, memo.hits(), "round 2 reads both batches from the memo");
    }
}
