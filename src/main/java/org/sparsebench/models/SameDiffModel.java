package org.sparsebench.models;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparsebench.api.ConfigException;
import org.sparsebench.api.Gradient;
import org.sparsebench.api.InputShape;
import org.sparsebench.api.Loss;
import org.sparsebench.api.Model;

/**
 * A {@link Model} backed by a graph from {@link SameDiffCnn} (or any graph with the same
 * placeholder and output names). Each call runs only the part of the graph it needs: logits and
 * features are forward passes to that variable; a gradient is one forward and one backward pass
 * for the {@value SameDiffCnn#OBJECTIVE} loss with the unused loss placeholder fed zeros.
 *
 * <p>Inputs of another data type are cast to the graph's (float32 for trained models; tests use
 * float64 graphs). Results come back in the graph's data type. Not thread-safe.
 */
public final class SameDiffModel implements Model {
    private static final List<String> GRAD_OUTPUTS = List.of(SameDiffCnn.LOGITS, SameDiffCnn.SAMPLE_LOSS);
    private static final List<String> GRAD_OF = List.of(SameDiffCnn.INPUT);

    private final String id;
    private final SameDiff sd;
    private final InputShape shape;
    private final int classes;
    private final DataType dtype;

    public SameDiffModel(String id, SameDiff sd, InputShape shape, int classes) {
        this.id = id;
        this.sd = sd;
        this.shape = shape;
        this.classes = classes;
        this.dtype = sd.getVariable(SameDiffCnn.INPUT).dataType();
        // SameDiff M2.1's op-result cache returns stale results for a new input batch (measured: the
        // logits of batch B after batch A differ from a fresh instance's); it must stay off.
        sd.setEnableCache(false);
        sd.setLossVariables(SameDiffCnn.OBJECTIVE);
        // The no-argument createGradFunction that calculateGradients* would call differentiates with
        // respect to VARIABLEs only; create it here so the input placeholder gets a gradient too.
        if (sd.getFunction("grad") == null) {
            Quiet.run(() -> sd.createGradFunction(SameDiffCnn.INPUT));
        }
    }

    /** A fresh, untrained model of {@code spec} with weights drawn from {@code seed}. */
    public static SameDiffModel create(CnnSpec spec, long seed) {
        return new SameDiffModel(spec.id(), SameDiffCnn.build(spec, seed), spec.input(), spec.classes());
    }

    /** The underlying graph (for saving and for training code in this package). */
    public SameDiff graph() {
        return sd;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public InputShape inputShape() {
        return shape;
    }

    @Override
    public int numClasses() {
        return classes;
    }

    @Override
    public INDArray logits(INDArray x) {
        return sd.output(Map.of(SameDiffCnn.INPUT, checked(x)), SameDiffCnn.LOGITS).get(SameDiffCnn.LOGITS);
    }

    @Override
    public INDArray features(INDArray x) {
        return sd.output(Map.of(SameDiffCnn.INPUT, checked(x)), SameDiffCnn.FEATURES).get(SameDiffCnn.FEATURES);
    }

    @Override
    public Gradient gradient(INDArray x, Loss loss) {
        INDArray in = checked(x);
        int n = (int) in.size(0);
        INDArray labels;
        INDArray upstream;
        if (loss instanceof Loss.CrossEntropy ce) {
            labels = oneHot(ce.labels(), n);
            upstream = Nd4j.zeros(dtype, n, classes);
        } else if (loss instanceof Loss.Linear lin) {
            INDArray wts = lin.weights();
            if (wts.rank() != 2 || wts.size(0) != n || wts.size(1) != classes) {
                throw new IllegalArgumentException(id + ": linear loss weights must be [" + n + ", " + classes
                        + "], got " + Arrays.toString(wts.shape()));
            }
            labels = Nd4j.zeros(dtype, n, classes);
            upstream = wts.dataType() == dtype ? wts : wts.castTo(dtype);
        } else {
            throw new IllegalArgumentException("unsupported loss " + loss);
        }
        Map<String, INDArray> ph = new HashMap<>();
        ph.put(SameDiffCnn.INPUT, in);
        ph.put(SameDiffCnn.LABELS, labels);
        ph.put(SameDiffCnn.UPSTREAM, upstream);
        OutAndGrad r = sd.calculateGradientsAndOutputs(ph, GRAD_OUTPUTS, GRAD_OF);
        return new Gradient(r.getOutputs().get(SameDiffCnn.LOGITS), r.getOutputs().get(SameDiffCnn.SAMPLE_LOSS),
                r.getGradients().get(SameDiffCnn.INPUT));
    }

    private INDArray oneHot(int[] y, int n) {
        if (y.length != n) {
            throw new IllegalArgumentException(id + ": " + y.length + " labels for a batch of " + n);
        }
        INDArray out = Nd4j.zeros(dtype, n, classes);
        for (int i = 0; i < n; i++) {
            if (y[i] < 0 || y[i] >= classes) {
                throw new IllegalArgumentException(id + ": label " + y[i] + " of sample " + i + " outside 0.." + (classes - 1));
            }
            out.putScalar(i, y[i], 1.0);
        }
        return out;
    }

    private INDArray checked(INDArray x) {
        return checkInput(id, shape, x, dtype);
    }

    /** Validates {@code x} against {@code [N, C, H, W]} of {@code shape} and casts it to {@code dtype}. */
    static INDArray checkInput(String id, InputShape shape, INDArray x, DataType dtype) {
        long[] s = x.shape();
        if (s.length != 4 || s[0] < 1 || s[1] != shape.channels() || s[2] != shape.height() || s[3] != shape.width()) {
            throw new ConfigException("model " + id + ": input shape " + Arrays.toString(s) + " does not match [N, "
                    + shape.channels() + ", " + shape.height() + ", " + shape.width() + "] (input shape " + shape + ")");
        }
        return x.dataType() == dtype ? x : x.castTo(dtype);
    }
}
