package org.sparsebench.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparsebench.api.Gradient;
import org.sparsebench.api.InputShape;
import org.sparsebench.api.Loss;
import org.sparsebench.api.Model;

/**
 * Which committed models take the EagerCnn fast path: plain conv/ReLU/pool/dense graphs, and through
 * their spec ista-cnn (unrolled ISTA steps), sparse-prior-cnn (normalized kernels and −softplus(θ)
 * biases computed at every call), soft-threshold-cnn (soft-threshold steps) and kwta-cnn
 * (k-winners-take-all steps). That the fast path computes the same values is EagerCnnTest's job.
 */
class EagerAdoptionTest {
    private static final Path MODELS = Path.of("models");

    @Test
    void reluCnnAndKwtaCnnTakeTheFastPath() {
        assertTrue(EagerCnn.of(Checkpoints.load(MODELS.resolve("relu-cnn")).graph(), 10).isPresent());
        assertTrue(Checkpoints.load(MODELS.resolve("relu-cnn")).usesEagerPath());
        SameDiffModel kwta = Checkpoints.load(MODELS.resolve("kwta-cnn"));
        // the k-WTA ops are recognized through the spec only
        assertFalse(EagerCnn.of(kwta.graph(), 10).isPresent());
        assertFalse(new SameDiffModel("no-spec", kwta.graph(), kwta.inputShape(), 10).usesEagerPath());
        assertTrue(EagerCnn.of(kwta.graph(), kwta.spec()).isPresent());
        assertTrue(kwta.usesEagerPath());
        for (boolean nhwc : new boolean[] {true, false}) {
            CnnSpec spec = new CnnSpec("small", new InputShape(1, 8, 8), List.of(2, 3), 3, 4, 3)
                    .withVariant("small-kwta", Variant.KWTA, null, 0.1);
            SameDiffModel m = new SameDiffModel(spec,
                    SameDiffCnn.build(spec, 1, org.nd4j.linalg.api.buffer.DataType.FLOAT, nhwc));
            assertTrue(m.usesEagerPath(), "kwta nhwc " + nhwc);
        }
    }

    @Test
    void sparsePriorAndSoftThresholdTakeTheFastPathThroughTheirSpec() {
        for (String id : new String[] {"sparse-prior-cnn", "soft-threshold-cnn"}) {
            SameDiffModel m = Checkpoints.load(MODELS.resolve(id));
            // without the spec the reparametrized weights / the threshold ops are not recognized
            assertFalse(EagerCnn.of(m.graph(), 10).isPresent(), id);
            assertFalse(new SameDiffModel("no-spec", m.graph(), m.inputShape(), 10).usesEagerPath(), id);
            assertTrue(EagerCnn.of(m.graph(), m.spec()).isPresent(), id);
            assertTrue(m.usesEagerPath(), id);
        }
        for (Variant v : new Variant[] {Variant.SPARSE_PRIOR, Variant.SOFT_THRESHOLD}) {
            for (boolean nhwc : new boolean[] {true, false}) {
                CnnSpec spec = new CnnSpec("small", new InputShape(1, 8, 8), List.of(2, 3), 3, 4, 3)
                        .withVariant("small-" + v, v, null, null);
                SameDiffModel m = new SameDiffModel(spec,
                        SameDiffCnn.build(spec, 1, org.nd4j.linalg.api.buffer.DataType.FLOAT, nhwc));
                assertTrue(m.usesEagerPath(), v + " nhwc " + nhwc);
            }
        }
    }

    @Test
    void istaModelsTakeTheFastPathThroughTheirSpec() {
        // the unrolled loop is not a plain chain: the graph walk alone declines it, the spec-driven one accepts it
        SameDiffModel committed = Checkpoints.load(MODELS.resolve("ista-cnn"));
        assertFalse(EagerCnn.of(committed.graph(), 10).isPresent());
        assertTrue(EagerCnn.of(committed.graph(), committed.spec()).isPresent());
        assertTrue(committed.usesEagerPath());
        for (int k : new int[] {0, 2}) {
            CnnSpec spec = new CnnSpec("small", new InputShape(1, 8, 8), List.of(2, 3), 3, 4, 3)
                    .withVariant("ista-" + k, Variant.ISTA, k, null);
            assertTrue(SameDiffModel.create(spec, 1).usesEagerPath(), spec.id());
        }
        // a graph given without its spec is read as a plain CNN: the ista layers are not recognized
        assertFalse(new SameDiffModel("no-spec", committed.graph(), committed.inputShape(), 10).usesEagerPath());
    }

    @Test
    void sparseVariantsStillAnswerThroughTheModel() {
        // Regression: EagerCnn once accepted sparse-prior-cnn and failed with a NullPointerException.
        Nd4j.getRandom().setSeed(5);
        INDArray x = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 3, 1, 28, 28);
        for (String id : new String[] {"sparse-prior-cnn", "soft-threshold-cnn", "relu-cnn", "ista-cnn", "kwta-cnn"}) {
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
