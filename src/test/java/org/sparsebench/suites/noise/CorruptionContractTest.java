package org.sparsebench.suites.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The contract every corruption keeps at every severity, on grey 28×28 and on odd-sized 3-channel images. */
class CorruptionContractTest {
    private static final INDArray GREY = images(3, 1, 28, 28, 1);
    private static final INDArray COLOUR = images(2, 3, 13, 19, 2);

    /** Smooth-ish random images with full-range values (blobs on noise), so every corruption has something to change. */
    private static INDArray images(int n, int c, int h, int w, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n * c * h * w];
        for (int i = 0; i < v.length; i++) {
            int x = i % w;
            int y = (i / w) % h;
            v[i] = (float) Math.min(1, Math.max(0, 0.5 + 0.4 * Math.sin(x * 0.7 + y * 0.3 + i / (h * w)) + 0.2 * (r.nextDouble() - 0.5)));
        }
        return Nd4j.create(v, new long[] {n, c, h, w}, 'c');
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (ImageCorruption c : AllCorruptions.list()) {
            for (int s = 1; s <= 5; s++) {
                out.add(Arguments.of(c.name(), c, s));
            }
        }
        return out.stream();
    }

    @Test
    void atLeastFifteenCorruptionsWithFiveParametersEach() {
        assertTrue(AllCorruptions.list().size() >= 15, "issue 4 asks for at least 15");
        for (ImageCorruption c : AllCorruptions.list()) {
            assertEquals(5, c.severityParameters().length, c.name());
        }
    }

    /**
     * apply runs the images of a batch in parallel; the bytes must equal a one-thread run (each image has
     * its own seed and slot). A 1-worker pool against a 4-worker pool, every corruption at severity 3.
     */
    @Test
    void parallelApplyGivesTheBytesOfOneThread() throws Exception {
        INDArray x = images(12, 1, 28, 28, 5);
        long[] seeds = java.util.stream.LongStream.range(100, 112).toArray();
        java.util.concurrent.ForkJoinPool one = new java.util.concurrent.ForkJoinPool(1);
        java.util.concurrent.ForkJoinPool four = new java.util.concurrent.ForkJoinPool(4);
        try {
            for (ImageCorruption c : AllCorruptions.list()) {
                float[] a = one.submit(() -> c.apply(x, 3, seeds)).get().data().asFloat();
                float[] b = four.submit(() -> c.apply(x, 3, seeds)).get().data().asFloat();
                assertArrayEquals(a, b, c.name());
            }
        } finally {
            one.shutdown();
            four.shutdown();
        }
    }

    @ParameterizedTest(name = "{0} severity {2}")
    @MethodSource("cases")
    void staysInRangeKeepsShapeAndIsDeterministicPerSeed(String name, ImageCorruption c, int severity) {
        for (INDArray x : List.of(GREY, COLOUR)) {
            long n = x.size(0);
            long[] seeds = new long[(int) n];
            long[] other = new long[(int) n];
            for (int i = 0; i < n; i++) {
                seeds[i] = 1000 + i;
                other[i] = 5000 + i;
            }
            INDArray y = c.apply(x, severity, seeds);
            assertArrayEquals(x.shape(), y.shape(), name);
            float[] v = y.data().asFloat();
            for (float f : v) {
                assertTrue(f >= 0f && f <= 1f && !Float.isNaN(f), name + " value " + f + " outside [0, 1]");
            }
            assertArrayEquals(v, c.apply(x, severity, seeds).data().asFloat(), 0f, name + ": same seed, same output");
            boolean differs = !Arrays.equals(v, c.apply(x, severity, other).data().asFloat());
            assertEquals(c.isRandom(), differs, name + ": another seed changes the output iff the corruption is random");
            assertFalse(Arrays.equals(v, x.dup('c').data().asFloat()), name + ": the image changes");

            // A sample's result depends on its own seed only, not on the batch around it.
            INDArray alone = c.apply(x.get(NDArrayIndex.interval(1, 2)).dup(), severity, new long[] {seeds[1]});
            assertArrayEquals(y.get(NDArrayIndex.interval(1, 2)).dup('c').data().asFloat(), alone.data().asFloat(), 0f,
                    name + ": batch independence");
        }
    }
}
