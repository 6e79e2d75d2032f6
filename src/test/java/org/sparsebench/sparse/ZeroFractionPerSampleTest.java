package org.sparsebench.sparse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class ZeroFractionPerSampleTest {

    @Test
    void countsExactZerosPerSampleAcrossChunkBoundariesAndInViews() {
        // 3 samples of 2x120x100 = 24,000 values (more than one read chunk): sample i has exactly
        // zeros[i] zeros at random positions, so the expected fraction is zeros[i] / 24,000.
        int per = 2 * 120 * 100;
        int[] zeros = {0, 12_345, per};
        float[] v = new float[3 * per];
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < 3; i++) {
            boolean[] zero = new boolean[per];
            int placed = 0;
            while (placed < zeros[i]) {
                int j = r.nextInt(per);
                if (!zero[j]) {
                    zero[j] = true;
                    placed++;
                }
            }
            for (int j = 0; j < per; j++) {
                v[i * per + j] = zero[j] ? 0f : 0.5f + (float) r.nextDouble();
            }
        }
        INDArray a = Nd4j.create(v, new long[] {3, 2, 120, 100}, 'c');
        double[] f = SparseDiagnostics.zeroFractionPerSample(a);
        for (int i = 0; i < 3; i++) {
            assertEquals((double) zeros[i] / per, f[i], 0);
        }
        double[] view = SparseDiagnostics.zeroFractionPerSample(a.get(NDArrayIndex.interval(1, 3)));
        assertEquals((double) zeros[1] / per, view[0], 0);
        assertEquals(1.0, view[1], 0);
        double[] doubles = SparseDiagnostics.zeroFractionPerSample(a.castTo(DataType.DOUBLE));
        assertEquals((double) zeros[1] / per, doubles[1], 0);
    }
}
