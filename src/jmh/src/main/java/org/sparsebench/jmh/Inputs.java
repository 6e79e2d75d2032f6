package org.sparsebench.jmh;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparsebench.api.Loss;

/** The benchmarks' inputs, as torch_reference.py makes them: a uniform 1×28×28 batch, labels i mod 10. */
final class Inputs {
    private Inputs() {
    }

    static INDArray uniformBatch(int batch, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[batch * 784];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextDouble();
        }
        return Nd4j.create(v, new long[] {batch, 1, 28, 28}, 'c');
    }

    static Loss crossEntropy(int batch) {
        int[] y = new int[batch];
        for (int i = 0; i < batch; i++) {
            y[i] = i % 10;
        }
        return Loss.crossEntropy(y);
    }
}
