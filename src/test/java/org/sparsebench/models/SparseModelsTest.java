package org.sparsebench.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparsebench.api.InputShape;
import org.sparsebench.data.ImageDataset;
import org.sparsebench.sparse.CodingLayer;
import org.sparsebench.sparse.Reference;
import org.sparsebench.sparse.MutualCoherence;
import org.sparsebench.sparse.SparseDiagnostics;
import org.sparsebench.testing.TinyData;

/** Sparse-prior constraints after training, ISTA step sizes, and the sparse diagnostics on zoo models. */
class SparseModelsTest {
    static final CnnSpec SMALL = new CnnSpec("small", new InputShape(1, 8, 8), List.of(3, 4), 3, 5, 3);

    /** Every effective bias ≤ 0 and every filter (conv and dense) of unit norm. */
    static void assertSparsePrior(SameDiffModel m) {
        for (CodingLayer l : m.codingLayers()) {
            assertTrue(l.bias().maxNumber().doubleValue() <= 0, l.name() + ": a bias is > 0");
            for (int o = 0; o < l.filters().size(0); o++) {
                assertEquals(1.0, l.filters().slice(o).castTo(DataType.DOUBLE).norm2Number().doubleValue(), 1e-5,
                        l.name() + " filter " + o);
            }
        }
    }

    @Test
    void sparsePriorHoldsAfterAggressiveTraining() {
        // lr 0.05 moves the raw parameters far from their start; the reparametrization must keep the constraints
        CnnSpec spec = SMALL.withVariant("small-sp", Variant.SPARSE_PRIOR, null, null);
        ImageDataset train = TinyData.random("t", SMALL.input(), 96, 3, 1);
        Trainer t = new Trainer(16, 0.05, new PrintStream(new ByteArrayOutputStream()));
        Trainer.Result r = t.train(spec, train, train, 3, 5);
        assertSparsePrior(r.model());
        SameDiffModel fresh = SameDiffModel.create(spec, 5);
        assertTrue(r.model().codingLayers().get(0).bias().sub(fresh.codingLayers().get(0).bias())
                .norm2Number().doubleValue() > 1e-3, "training moved the thresholds");
    }

    @Test
    void committedSparsePriorCheckpointKeepsThePrior() {
        Path dir = Path.of("models", "sparse-prior-cnn");
        Assumptions.assumeTrue(Files.exists(dir.resolve(Checkpoints.MANIFEST)), "checkpoint not trained yet");
        assertSparsePrior((SameDiffModel) new CheckpointModelProvider().load("sparse-prior-cnn", Path.of("models")));
    }

    @Test
    void trainedIstaStepsStayBelowOneOverTheSquaredNorm() {
        // after training, each layer's η lies in [0.9/‖D‖², 1/‖D‖²] for its final filters, ‖D‖² computed exactly
        // here as the largest squared singular value of the explicit matrix (Reference, Commons Math SVD)
        CnnSpec spec = SMALL.withVariant("small-ista", Variant.ISTA, 2, null);
        ImageDataset train = TinyData.random("t", SMALL.input(), 64, 3, 2);
        Trainer.Result r = new Trainer(16, 0.01, new PrintStream(new ByteArrayOutputStream())).train(spec, train, train, 1, 3);
        List<CodingLayer> layers = r.model().codingLayers();
        for (int i = 0; i < 2; i++) {
            CodingLayer l = layers.get(i);
            double norm = Reference.normSquared(Reference.dictionary(Reference.filters(l.filters()), 8 >> i, 8 >> i));
            assertTrue(l.istaStep() <= 1 / norm, l.name() + ": η = " + l.istaStep() + " > 1/‖D‖² = " + 1 / norm);
            assertTrue(l.istaStep() >= IstaSteps.SAFETY / norm * (1 - 1e-6), l.name() + ": η below 0.9/‖D‖²");
        }
    }

    @Test
    void diagnosticsHaveKnownAnswers() {
        SameDiffModel relu = SameDiffModel.create(SMALL, 3);
        relu.graph().getArrForVarName("conv0_b").assign(-100); // every conv0 activation is 0
        relu.graph().getArrForVarName("conv1_b").assign(org.nd4j.linalg.factory.Nd4j.createFromArray(new float[] {1, 1, -1, 0.5f})); // 3 of 4 positive
        INDArray x = SameDiffModelTest.randomInput(4, SMALL.input(), 1, DataType.FLOAT);
        SparseDiagnostics d = SparseDiagnostics.of(relu, x);
        assertEquals(List.of("conv0", "conv1", "dense0"), d.layers().stream().map(SparseDiagnostics.Layer::name).toList());
        assertEquals(1.0, d.layers().get(0).activationSparsity());
        assertEquals(0.0, d.layers().get(0).positiveBiasFraction());
        assertEquals(0.75, d.layers().get(1).positiveBiasFraction());
        assertEquals(MutualCoherence.of(relu.codingLayers().get(1).filters()), d.layers().get(1).mutualCoherence());
        assertTrue(d.layers().get(0).istaObjective().isEmpty());
        relu.graph().getArrForVarName("conv0_b").assign(100); // now no conv0 activation is 0
        assertEquals(0.0, SparseDiagnostics.of(relu, x).layers().get(0).activationSparsity());

        SameDiffModel ista = new SameDiffModel(SMALL.withVariant("i", Variant.ISTA, 4, null),
                SameDiffCnn.build(SMALL.withVariant("i", Variant.ISTA, 4, null), 3, DataType.DOUBLE, true));
        SparseDiagnostics di = SparseDiagnostics.of(ista, x);
        for (int i = 0; i < 2; i++) {
            List<Double> f = di.layers().get(i).istaObjective();
            assertEquals(5, f.size());
            for (int k = 1; k < f.size(); k++) {
                assertTrue(f.get(k) <= f.get(k - 1) * (1 + 1e-12), "layer " + i + " iteration " + k + ": " + f);
            }
        }
    }
}
