package org.sparsebench.sparse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparsebench.api.Model;
import org.sparsebench.models.CheckpointModelProvider;

/**
 * The diagnostics of the committed {@code ista-cnn} checkpoint (three ISTA layers, K = 3) equal those of
 * the previous implementation, recomputed here as it was: {@link ConvDictionary#objective} in libnd4j
 * float64 on the same traces. Stated tolerance: 1e-10 relative per ISTA objective value (only the
 * float64 summation order differs); the other entries are computed by unchanged code and must be equal.
 */
class SparseDiagnosticsTest {

    @Test
    void istaObjectiveEqualsThePreviousImplementationOnTheCommittedIstaCnn() {
        try (Model model = new CheckpointModelProvider().load("ista-cnn", Path.of("models"))) {
            SparseCodingNetwork net = model.as(SparseCodingNetwork.class).orElseThrow();
            SplittableRandom rng = new SplittableRandom(3);
            float[] v = new float[8 * 28 * 28];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) rng.nextDouble();
            }
            INDArray x = Nd4j.create(v, new long[] {8, 1, 28, 28}, 'c');

            SparseDiagnostics d = SparseDiagnostics.of(net, x);

            List<CodingLayer> layers = net.codingLayers();
            List<LayerTrace> traces = net.trace(x);
            int ista = 0;
            for (int i = 0; i < layers.size(); i++) {
                CodingLayer p = layers.get(i);
                List<Double> expected = new ArrayList<>();
                if (p.conv() && p.istaIterations() > 0) {
                    ista++;
                    ConvDictionary dict = ConvDictionary.of(p.filters().castTo(DataType.DOUBLE));
                    INDArray lambda = p.bias().castTo(DataType.DOUBLE).neg();
                    for (INDArray a : traces.get(i).codes()) {
                        double[] f = dict.objective(traces.get(i).input().castTo(DataType.DOUBLE),
                                a.castTo(DataType.DOUBLE), lambda);
                        expected.add(java.util.Arrays.stream(f).sum() / f.length);
                    }
                }
                List<Double> got = d.layers().get(i).istaObjective();
                assertEquals(expected.size(), got.size(), p.name());
                for (int k = 0; k < expected.size(); k++) {
                    assertEquals(expected.get(k), got.get(k), 1e-10 * Math.abs(expected.get(k)), p.name() + " k=" + k);
                }
                assertEquals(SparseDiagnostics.zeroFraction(traces.get(i).output()),
                        d.layers().get(i).activationSparsity(), p.name());
                assertEquals(MutualCoherence.of(p.filters()), d.layers().get(i).mutualCoherence(), p.name());
            }
            assertEquals(3, ista, "ista-cnn has three ISTA conv layers");
        }
    }
}
