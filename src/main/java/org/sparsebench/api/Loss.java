package org.sparsebench.api;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A loss of the logits whose input gradient a {@link Model} computes. Two kinds cover every
 * attack: softmax cross-entropy against integer labels, and a linear functional
 * {@code sum(w ⊙ logits)} (a vector–Jacobian product, from which any other loss's gradient follows
 * by the chain rule once its derivative with respect to the logits is known).
 */
public sealed interface Loss {

    /** Mean-free, per-sample softmax cross-entropy {@code -log softmax(z)[y]}. */
    static Loss crossEntropy(int[] labels) {
        return new CrossEntropy(labels.clone());
    }

    /** The linear functional {@code sum_k w[n,k] z[n,k]}; {@code weights} is {@code [N, K]}. */
    static Loss linear(INDArray weights) {
        return new Linear(weights);
    }

    record CrossEntropy(int[] labels) implements Loss {
        @Override
        public boolean equals(Object o) {
            return o instanceof CrossEntropy c && Arrays.equals(labels, c.labels);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(labels);
        }

        @Override
        public String toString() {
            return "CrossEntropy(n=" + labels.length + ")";
        }
    }

    record Linear(INDArray weights) implements Loss {
    }
}
