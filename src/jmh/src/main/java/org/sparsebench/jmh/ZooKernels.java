package org.sparsebench.jmh;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.sparsebench.api.Gradient;
import org.sparsebench.api.Loss;
import org.sparsebench.api.Model;
import org.sparsebench.models.CheckpointModelProvider;
import org.sparsebench.sparse.SparseCodingNetwork;

/**
 * The attack inner loop on the committed zoo models (what FGSM/PGD/APGD call per step): average
 * time per batch of {@code Model.logits} and of {@code Model.gradient} with cross-entropy, through
 * whatever path {@code SameDiffModel} picks (EagerCnn for the plain and ISTA graphs, SameDiff for
 * the rest). Run from the repository root (reads {@code models/}); {@code -p model=...} picks models.
 * The ista-cnn / relu-cnn ratio of inputGradient is the (K + 1)× bound. {@code sparsityProbe} is what the
 * suites' sparsity probe asks per condition: every coding layer's output on its first 64 samples
 * ({@code SparseCodingNetwork.outputs}, through EagerCnn's forward pass since session 6).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ZooKernels {
    @Param({"relu-cnn", "sparse-prior-cnn", "soft-threshold-cnn", "ista-cnn", "kwta-cnn"})
    public String model;

    @Param({"256"})
    public int batch;

    @Param({"models"})
    public String modelsDir;

    private Model m;
    private INDArray x;
    private INDArray probe;
    private Loss loss;

    @Setup
    public void setUp() {
        m = new CheckpointModelProvider().load(model, Path.of(modelsDir));
        x = Inputs.uniformBatch(batch, 0);
        probe = Inputs.uniformBatch(64, 1);
        loss = Inputs.crossEntropy(batch);
    }

    @TearDown
    public void tearDown() {
        m.close();
    }

    @Benchmark
    public INDArray forward() {
        return m.logits(x);
    }

    @Benchmark
    public Gradient inputGradient() {
        return m.gradient(x, loss);
    }

    @Benchmark
    public Object sparsityProbe() {
        return m.as(SparseCodingNetwork.class).orElseThrow().outputs(probe);
    }
}
