package org.sparsebench.models;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Optional;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.sparsebench.api.ConfigException;
import org.sparsebench.api.Gradient;
import org.sparsebench.api.InputShape;
import org.sparsebench.api.Loss;
import org.sparsebench.api.Model;
import org.sparsebench.api.FirstConvLayer;
import org.sparsebench.sparse.CodingLayer;
import org.sparsebench.sparse.LayerTrace;
import org.sparsebench.sparse.SparseCodingNetwork;

/**
 * A {@link Model} backed by a graph from {@link SameDiffCnn} (or any graph with the same
 * placeholder and output names). Each call runs only the part of the graph it needs: logits and
 * features are forward passes to that variable; a gradient is one forward and one backward pass
 * for the {@value SameDiffCnn#OBJECTIVE} loss with the unused loss placeholder fed zeros.
 *
 * <p>Inputs of another data type are cast to the graph's (float32 for trained models; tests use
 * float64 graphs). Results come back in the graph's data type. Not thread-safe.
 */
public final class SameDiffModel implements Model, SparseCodingNetwork {
    private static final List<String> GRAD_OUTPUTS = List.of(SameDiffCnn.LOGITS, SameDiffCnn.SAMPLE_LOSS);
    private static final List<String> GRAD_OF = List.of(SameDiffCnn.INPUT);

    private final String id;
    private final CnnSpec spec;
    private final SameDiff sd;
    private final InputShape shape;
    private final int classes;
    private final DataType dtype;
    /**
     * Input-only backward on reused buffers for plain conv/ReLU/pool/dense graphs and ista graphs of a
     * spec (docs/PERFORMANCE.md); null otherwise.
     */
    private final EagerCnn eager;

    public SameDiffModel(String id, SameDiff sd, InputShape shape, int classes) {
        this(id, null, sd, shape, classes);
    }

    /** A model of {@code spec}'s graph {@code sd}: the variant tells how to read its coding layers. */
    public SameDiffModel(CnnSpec spec, SameDiff sd) {
        this(spec.id(), spec, sd, spec.input(), spec.classes());
    }

    /** As {@link #SameDiffModel(CnnSpec, SameDiff)} under another id (a checkpoint's manifest id). */
    public SameDiffModel(String id, CnnSpec spec, SameDiff sd) {
        this(id, spec, sd, spec.input(), spec.classes());
    }

    private SameDiffModel(String id, CnnSpec spec, SameDiff sd, InputShape shape, int classes) {
        this.id = id;
        this.spec = spec;
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
        this.eager = (spec != null ? EagerCnn.of(sd, spec) : EagerCnn.of(sd, classes)).orElse(null);
    }

    /** A fresh, untrained model of {@code spec} with weights drawn from {@code seed}. */
    public static SameDiffModel create(CnnSpec spec, long seed) {
        return new SameDiffModel(spec, SameDiffCnn.build(spec, seed));
    }

    /** True when logits and input gradients run through {@link EagerCnn} instead of the SameDiff session. */
    boolean usesEagerPath() {
        return eager != null;
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
        if (eager != null) {
            return eager.logits(checked(x));
        }
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
        if (eager != null) {
            INDArray[] r = loss instanceof Loss.CrossEntropy ce ? eager.gradient(in, ce.labels(), null)
                    : eager.gradient(in, null, upstream);
            return new Gradient(r[0], r[1], r[2]);
        }
        Map<String, INDArray> ph = new HashMap<>();
        ph.put(SameDiffCnn.INPUT, in);
        ph.put(SameDiffCnn.LABELS, labels);
        ph.put(SameDiffCnn.UPSTREAM, upstream);
        OutAndGrad r = sd.calculateGradientsAndOutputs(ph, GRAD_OUTPUTS, GRAD_OF);
        return new Gradient(r.getOutputs().get(SameDiffCnn.LOGITS), r.getOutputs().get(SameDiffCnn.SAMPLE_LOSS),
                r.getGradients().get(SameDiffCnn.INPUT));
    }

    /** The spec this model was built from; null for a graph given without one (read as a ReLU CNN). */
    public CnnSpec spec() {
        return spec;
    }

    private Variant variant() {
        return spec != null ? spec.resolvedVariant() : Variant.RELU;
    }

    private int convLayers() {
        int n = 0;
        while (sd.hasVariable("conv" + n)) {
            n++;
        }
        return n;
    }

    /**
     * The first convolution as a dictionary: filters OIHW, {@code λ = max(−bias, 0)} (a ReLU layer's
     * positive biases are clipped to the nearest valid threshold, 0; {@code positiveBiasFraction} in the
     * sparse diagnostics counts them), ISTA iterations and step for ista-cnn, two-sided for
     * soft-threshold-cnn. For kwta-cnn the bias is the conv bias; its data-dependent threshold is not
     * represented.
     */
    @Override
    public Optional<FirstConvLayer> firstConv() {
        if (convLayers() == 0) {
            return Optional.empty();
        }
        CodingLayer l = codingLayer(0);
        INDArray filters = l.filters().castTo(DataType.FLOAT);
        INDArray lambda = Transforms.relu(l.bias().neg(), false).castTo(DataType.FLOAT);
        return Optional.of(new FirstConvLayer() {
            @Override
            public INDArray filters() {
                return filters.dup();
            }

            @Override
            public INDArray lambda() {
                return lambda.dup();
            }

            @Override
            public int istaIterations() {
                return l.istaIterations();
            }

            @Override
            public double istaStep() {
                return l.istaStep();
            }

            @Override
            public boolean twoSided() {
                return l.twoSided();
            }
        });
    }

    @Override
    public List<CodingLayer> codingLayers() {
        List<CodingLayer> out = new ArrayList<>();
        for (int i = 0; i < convLayers(); i++) {
            out.add(codingLayer(i));
        }
        INDArray w = value(sd.hasVariable("dense0_kernel") ? "dense0_kernel" : "dense0_W"); // [in, out]
        out.add(new CodingLayer("dense0", false, w.transpose().dup('c'), bias("dense0"), 0, Double.NaN,
                variant() == Variant.SOFT_THRESHOLD, variant() == Variant.KWTA));
        return out;
    }

    private CodingLayer codingLayer(int i) {
        String p = "conv" + i;
        INDArray kernel = value(sd.hasVariable(p + "_kernel") ? p + "_kernel" : p + "_W"); // [kH, kW, in, out]
        INDArray filters = kernel.permute(3, 2, 0, 1).dup('c');
        int k = variant() == Variant.ISTA ? spec.istaIterations() : 0;
        double eta = k > 0 ? value(p + SameDiffCnn.ETA).getDouble(0) : Double.NaN;
        return new CodingLayer(p, true, filters, bias(p), k, eta, variant() == Variant.SOFT_THRESHOLD,
                variant() == Variant.KWTA);
    }

    private INDArray bias(String p) {
        return value(sd.hasVariable(p + SameDiffCnn.BIAS) ? p + SameDiffCnn.BIAS : p + "_b");
    }

    /** A variable's value, evaluating it when it is computed from others (reparametrized weights). */
    private INDArray value(String name) {
        INDArray a = sd.getVariable(name).getArr();
        if (a != null && sd.getVariable(name).getVariableType() != org.nd4j.autodiff.samediff.VariableType.ARRAY) {
            return a.dup();
        }
        return sd.output(Map.of(), name).get(name).dup();
    }

    /**
     * Each coding layer's input and codes on {@code x}: through {@link EagerCnn#trace} when the eager path runs
     * this graph (one forward pass on reused buffers; the values equal the graph's within float rounding,
     * EagerTraceTest), else from the graph's named variables ({@link #traceGraph}). Conv layers in NCHW.
     */
    @Override
    public List<LayerTrace> trace(INDArray x) {
        List<String> names = eagerLayerNames();
        if (names == null) {
            return traceGraph(x);
        }
        int layers = names.size() - 1;
        boolean nhwc = sd.hasVariable("toNhwc");
        List<LayerTrace> out = new ArrayList<>();
        for (LayerTrace t : eager.trace(checked(x), names)) {
            boolean conv = out.size() < layers;
            out.add(!conv || !nhwc ? t
                    : new LayerTrace(t.name(), toNchw(t.input()), t.codes().stream().map(SameDiffModel::toNchw).toList()));
        }
        return out;
    }

    /** Through {@link EagerCnn#outputs} when the eager path runs this graph (no copies of inputs and intermediate codes). */
    @Override
    public Map<String, INDArray> outputs(INDArray x) {
        List<String> names = eagerLayerNames();
        if (names == null) {
            return SparseCodingNetwork.super.outputs(x);
        }
        Map<String, INDArray> out = new java.util.LinkedHashMap<>();
        List<INDArray> outputs = eager.outputs(checked(x));
        for (int i = 0; i < names.size(); i++) {
            out.put(names.get(i), outputs.get(i));
        }
        return out;
    }

    /** conv0 … conv{L−1}, dense0 when the eager path runs this graph and has that many coding layers, else null. */
    private List<String> eagerLayerNames() {
        int layers = convLayers();
        if (eager == null || eager.codingLayers() != layers + 1) {
            return null;
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < layers; i++) {
            names.add("conv" + i);
        }
        names.add("dense0");
        return names;
    }

    /** {@link #trace} from the graph's session: layer i's input and codes by their graph names (NHWC internally unless the graph was built NCHW). */
    List<LayerTrace> traceGraph(INDArray x) {
        boolean nhwc = sd.hasVariable("toNhwc");
        int layers = convLayers();
        List<String> names = new ArrayList<>();
        List<List<String>> codeNames = new ArrayList<>();
        List<String> inputs = new ArrayList<>();
        for (int i = 0; i < layers; i++) {
            inputs.add(i == 0 ? (nhwc ? "toNhwc" : SameDiffCnn.INPUT) : "pool" + (i - 1));
            List<String> codes = new ArrayList<>();
            String act = variant() == Variant.RELU ? "relu" + i : SameDiffCnn.ACT + i;
            int k = variant() == Variant.ISTA ? spec.istaIterations() : 0;
            for (int j = 0; j < k; j++) {
                codes.add("conv" + i + "_code" + j);
            }
            codes.add(act);
            codeNames.add(codes);
        }
        inputs.add("flatten");
        codeNames.add(List.of(SameDiffCnn.FEATURES));
        for (int i = 0; i <= layers; i++) {
            names.add(inputs.get(i));
            names.addAll(codeNames.get(i));
        }
        Map<String, INDArray> r = sd.output(Map.of(SameDiffCnn.INPUT, checked(x)), names.toArray(new String[0]));
        List<LayerTrace> out = new ArrayList<>();
        for (int i = 0; i <= layers; i++) {
            boolean conv = i < layers;
            List<INDArray> codes = new ArrayList<>();
            for (String c : codeNames.get(i)) {
                codes.add(conv && nhwc ? toNchw(r.get(c)) : r.get(c));
            }
            INDArray in = r.get(inputs.get(i));
            out.add(new LayerTrace(conv ? "conv" + i : "dense0", conv && nhwc ? toNchw(in) : in, codes));
        }
        return out;
    }

    private static INDArray toNchw(INDArray a) {
        return a.permute(0, 3, 1, 2).dup('c');
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
