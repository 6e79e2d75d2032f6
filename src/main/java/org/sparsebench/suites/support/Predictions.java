package org.sparsebench.suites.support;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparsebench.api.Model;

/** Class predictions from logits, refusing non-finite model output. */
public final class Predictions {
    private Predictions() {
    }

    /** Arg-max class per row of the model's logits for {@code x}. */
    public static int[] predict(Model model, INDArray x) {
        return argmax(model.id(), model.logits(x));
    }

    /** Arg-max per row; ties go to the lowest class index. */
    public static int[] argmax(String modelId, INDArray logits) {
        float[] z = logits.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).dup('c').data().asFloat();
        int n = (int) logits.size(0);
        int k = (int) logits.size(1);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int j = 0; j < k; j++) {
                float v = z[i * k + j];
                if (!Float.isFinite(v)) {
                    throw new NonFiniteOutputException(modelId, i, v);
                }
                if (v > z[i * k + best]) {
                    best = j;
                }
            }
            out[i] = best;
        }
        return out;
    }

    /** Softmax probabilities as a {@code [n][k]} array (max-subtracted for stability). */
    public static double[][] softmax(String modelId, INDArray logits) {
        float[] z = logits.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).dup('c').data().asFloat();
        int n = (int) logits.size(0);
        int k = (int) logits.size(1);
        double[][] p = new double[n][k];
        for (int i = 0; i < n; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < k; j++) {
                float v = z[i * k + j];
                if (!Float.isFinite(v)) {
                    throw new NonFiniteOutputException(modelId, i, v);
                }
                max = Math.max(max, v);
            }
            double sum = 0;
            for (int j = 0; j < k; j++) {
                p[i][j] = Math.exp(z[i * k + j] - max);
                sum += p[i][j];
            }
            for (int j = 0; j < k; j++) {
                p[i][j] /= sum;
            }
        }
        return p;
    }
}
