package org.sparsebench.suites.anomaly;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparsebench.suites.support.NonFiniteOutputException;

/** Rows of a logits or feature matrix as doubles, refusing non-finite model output. */
final class Logits {
    private Logits() {
    }

    static double[][] rows(String modelId, INDArray m) {
        float[] v = m.castTo(DataType.FLOAT).dup('c').data().asFloat();
        int n = (int) m.size(0);
        int k = (int) m.size(1);
        double[][] out = new double[n][k];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                float f = v[i * k + j];
                if (!Float.isFinite(f)) {
                    throw new NonFiniteOutputException(modelId, i, f);
                }
                out[i][j] = f;
            }
        }
        return out;
    }

    /** {@code log Σ exp(z_k)}, max-shifted. */
    static double logSumExp(double[] z, double temperature) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v / temperature);
        }
        double s = 0;
        for (double v : z) {
            s += Math.exp(v / temperature - max);
        }
        return max + Math.log(s);
    }
}
