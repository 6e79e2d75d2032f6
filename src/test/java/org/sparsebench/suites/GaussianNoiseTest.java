package org.sparsebench.suites;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparsebench.suites.noise.GaussianNoise;

class GaussianNoiseTest {

    @Test
    void noiseHasTheSeveritysStandardDeviation() {
        // Mid-grey image: at σ = 0.08 clipping at 0/1 is > 6σ away, so x' − 0.5 ~ N(0, 0.08²).
        // Sample of 4·64·64 = 16384 values: the std estimate's standard error is σ/√(2n) ≈ 0.00044.
        INDArray x = Nd4j.valueArrayOf(new long[] {4, 1, 64, 64}, 0.5f);
        INDArray y = new GaussianNoise().apply(x, 1, new long[] {1, 2, 3, 4});
        INDArray d = y.sub(x);
        assertEquals(0.0, d.meanNumber().doubleValue(), 0.002);
        assertEquals(0.08, d.stdNumber().doubleValue(), 0.002);
    }

    @Test
    void outputStaysInTheUnitBox() {
        INDArray x = Nd4j.rand(new long[] {2, 3, 8, 8});
        INDArray y = new GaussianNoise().apply(x, 5, new long[] {1, 2});
        assertEquals(0.0, Math.min(0, y.minNumber().doubleValue()), 0);
        assertEquals(1.0, Math.max(1, y.maxNumber().doubleValue()), 0);
    }

    @Test
    void eachSampleDependsOnlyOnItsOwnSeed() {
        // Same seed, same image -> same result whether alone or in a batch (sharding cannot change streams).
        INDArray x = Nd4j.rand(new long[] {3, 1, 5, 5});
        INDArray batch = new GaussianNoise().apply(x, 3, new long[] {10, 20, 30});
        INDArray single = new GaussianNoise().apply(x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 2)), 3,
                new long[] {20});
        assertArrayEquals(batch.reshape(3, -1).getRow(1).toFloatVector(), single.reshape(-1).toFloatVector());
    }
}
