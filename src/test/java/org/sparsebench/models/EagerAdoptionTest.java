package org.sparsebench.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparsebench.api.Gradient;
import org.sparsebench.api.Loss;
import org.sparsebench.api.Model;

/**
 * Which committed models take the EagerCnn fast path: plain conv/ReLU/pool/dense graphs do; the
 * sparse variants, whose weights are computed by reparametrization ops, must not (they keep the
 * SameDiff path and its exact gradients).
 */
class EagerAdoptionTest {
    private static final Path MODELS = Path.of("models");

    @Test
    void reluCnnTakesTheFastPathAndSparseVariantsDoNot() {
        assertTrue(EagerCnn.of(Checkpoints.load(MODELS.resolve("relu-cnn")).graph(), 10).isPresent());
        for (String id : new String[] {"sparse-prior-cnn", "soft-threshold-cnn"}) {
            assertFalse(EagerCnn.of(Checkpoints.load(MODELS.resolve(id)).graph(), 10).isPresent(), id);
        }
    }

    @Test
    void sparseVariantsStillAnswerThroughTheModel() {
        // Regression: EagerCnn once accepted sparse-prior-cnn and failed with a NullPointerException.
        Nd4j.getRandom().setSeed(5);
        INDArray x = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 3, 1, 28, 28);
        for (String id : new String[] {"sparse-prior-cnn", "soft-threshold-cnn", "relu-cnn"}) {
            try (Model m = new CheckpointModelProvider().load(id, MODELS)) {
                INDArray z = m.logits(x);
                Gradient g = m.gradient(x, Loss.crossEntropy(new int[] {0, 1, 2}));
                assertArrayEquals(new long[] {3, 10}, z.shape(), id);
                assertArrayEquals(z.reshape(-1).toFloatVector(), g.logits().reshape(-1).toFloatVector(), 1e-4f, id);
                assertEquals(3 * 28 * 28, g.inputGradient().length(), id);
            }
        }
    }
}
