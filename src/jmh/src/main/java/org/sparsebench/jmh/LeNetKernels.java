package org.sparsebench.jmh;

import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.sparsebench.api.Gradient;
import org.sparsebench.api.Loss;
import org.sparsebench.api.Model;
import org.sparsebench.bench.EagerModel;
import org.sparsebench.bench.ReferenceLeNet;
import org.sparsebench.models.SameDiffModel;

/**
 * The attack inner loop on the reference LeNet (torch_reference.py's workload), SameDiff path vs the
 * EagerCnn path: average time per batch of forward and of forward + input gradient. A regression of
 * either path shows as a higher score.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class LeNetKernels {
    @Param({"samediff", "eager"})
    public String path;

    @Param({"256"})
    public int batch;

    private Model model;
    private INDArray x;
    private Loss loss;

    @Setup
    public void setUp() {
        SameDiffModel plain = new SameDiffModel("reference-lenet", ReferenceLeNet.build(0, DataType.FLOAT, true),
                ReferenceLeNet.INPUT_SHAPE, ReferenceLeNet.CLASSES);
        model = path.equals("eager") ? EagerModel.of(plain).orElseThrow() : plain;
        x = Inputs.uniformBatch(batch, 0);
        loss = Inputs.crossEntropy(batch);
    }

    @Benchmark
    public INDArray forward() {
        return model.logits(x);
    }

    @Benchmark
    public Gradient inputGradient() {
        return model.gradient(x, loss);
    }
}
