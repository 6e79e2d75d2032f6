package org.sparsebench.models;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.nd4j.autodiff.functions.DifferentialFunction;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.BaseReduceOp;
import org.nd4j.linalg.api.ops.BaseScalarOp;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastSubOp;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarMin;
import org.nd4j.linalg.api.ops.impl.transforms.same.Abs;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.transforms.same.Sign;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The forward pass and the <em>input-only</em> backward pass of a plain CNN graph (the op chain
 * {@link SameDiffCnn} and the benchmark's reference LeNet build: optional NCHW→NHWC permute, then
 * conv2d / relu / maxpool2d blocks, a reshape, {@code xw_plus_b} / relu layers), executed op by op on
 * preallocated buffers instead of through SameDiff's graph session.
 *
 * <p>Why (docs/PERFORMANCE.md): SameDiff's backward pass for {@code createGradFunction("input")}
 * runs {@code conv2d_bp}, which computes the weight and bias gradients an attack throws away, and
 * allocates fresh buffers for every op. Here the backward pass of a convolution is the gradient with
 * respect to the conv's input only: a {@code conv2d} of the upstream gradient with the flipped kernel
 * ({@link FlippedKernel}; stride 1, dilation 1, SAME with odd kernels or VALID), else a {@code deconv2d}
 * with the same weights (oneDNN's deconv2d is 10-45× slower here); max-pooling uses libnd4j's own
 * {@code maxpool2d_bp}, ReLU's backward is {@code sign(out) ⊙ g} (a ReLU followed by a max-pool runs
 * as pool-then-ReLU, which gives the same values and gradients on a quarter of the elements), dense
 * layers are two GEMMs, and the loss derivative ({@code softmax(z)·Σy − y + w} for
 * {@link SameDiffCnn#OBJECTIVE}) is computed in Java on the {@code [N, K]} logits. Intermediate
 * buffers are allocated once per batch size and reused; the returned arrays are fresh.
 *
 * <p>Unrolled-ISTA layers ({@link org.sparsebench.sparse.UnrolledIsta}) run as one step each when the
 * graph comes with its spec ({@link #of(SameDiff, CnnSpec)}): forward {@code 2K + 1} convolutions, the
 * input-only backward {@code 2K + 1} more, all of them plain convolutions (D's backward is a conv with W,
 * Dᵀ's a conv with the flipped kernel), with the K + 1 codes kept from the forward pass for the ReLU masks.
 *
 * <p>With the spec, the sparse variants run too: {@link Variant#SPARSE_PRIOR}'s conv and dense layers use
 * the kernel {@code v/‖v‖} and bias {@code −softplus(θ)} computed from the graph's variables at every call
 * (a few thousand values), {@link Variant#SOFT_THRESHOLD}'s {@code relu(z − λ) − relu(−z − λ)} is one step
 * whose backward pass is {@code g ⊙ 1[|z| > λ]}, and {@link Variant#KWTA}'s k-winners-take-all is one step
 * whose per-sample threshold search runs on the host ({@link KwtaHost}, the graph's bisection bit for bit),
 * backward {@code g ⊙ mask}.
 *
 * <p>The op arguments (kernel, stride, padding, layout) are taken from the graph's own ops, so the
 * result equals the graph's (EagerCnnTest: logits and input gradients within 1e-5 of SameDiff's own
 * session on the graph, 1e-9 for float64 graphs). A graph with any other op in the chain (e.g.
 * a sparse variant's graph given without its spec) is not supported: {@link #of}
 * returns empty and callers keep the SameDiff path. Reads the weights (and θ, η) from the graph at every
 * call, so it follows in-place updates; not thread-safe.
 */
public final class EagerCnn {

    private sealed interface Step permits Permute, Conv, Relu, Pool, Flatten, Dense, Ista, Soft, Kwta {
    }

    /**
     * Where a conv or dense layer's weight or bias comes from: an array the graph holds, or (the sparse
     * variants' reparametrizations) computed from one at every call, the same ops the graph runs.
     */
    private sealed interface Param permits Stored, UnitNormed, NegSoftplus {
        /** The current value (for computed parameters a fresh array: a few thousand values). */
        INDArray value();

        /** The shape of the value. */
        long[] shape();
    }

    private record Stored(SDVariable v) implements Param {
        public INDArray value() {
            return v.getArr();
        }

        public long[] shape() {
            return v.getArr().shape();
        }
    }

    /** {@code v / ‖v‖₂} over {@code axes} ({@link org.sparsebench.sparse.UnitNorm#normalize}, no epsilon). */
    private record UnitNormed(SDVariable v, int[] axes) implements Param {
        public INDArray value() {
            INDArray a = v.getArr();
            return a.div(a.norm2(true, axes));
        }

        public long[] shape() {
            return v.getArr().shape();
        }
    }

    /** The bias {@code −softplus(θ)} of a sparse-prior layer. */
    private record NegSoftplus(SDVariable theta) implements Param {
        public INDArray value() {
            return Transforms.softPlus(theta.getArr(), true).negi();
        }

        public long[] shape() {
            return theta.getArr().shape();
        }
    }

    private record Permute(int[] axes) implements Step {
    }

    /**
     * {@code bias} null: a conv without bias. {@code flip} null: the input gradient runs as {@code deconv2d}
     * (see {@link FlippedKernel#of}).
     */
    private record Conv(Param weights, Param bias, int[] iArgs, FlippedKernel flip) implements Step {
    }

    private record Relu() implements Step {
    }

    private record Pool(int[] iArgs) implements Step {
    }

    private record Flatten() implements Step {
    }

    /** {@code bias} null: a plain product {@code x·W}. */
    private record Dense(Param weights, Param bias) implements Step {
    }

    /**
     * Two-sided soft thresholding {@code relu(z − λ) − relu(−z − λ)} ({@link org.sparsebench.sparse.Thresholds#soft})
     * with {@code λ = softplus(θ)} per channel along {@code axis}.
     */
    private record Soft(SDVariable theta, int axis) implements Step {
    }

    /**
     * k-winners-take-all ({@link org.sparsebench.sparse.KWinnersTakeAll}) per sample over all its values,
     * forward on the host ({@link KwtaHost}); backward {@code g ⊙ mask} (the threshold is a stop-gradient).
     */
    private record Kwta(double ratio) implements Step {
    }

    /**
     * An {@link org.sparsebench.sparse.UnrolledIsta} layer: weights W, thresholds λ = softplus(θ), step η
     * (a scalar constant), K iterations, the SAME stride-1 conv arguments; {@code adjoint} holds D's kernel.
     */
    private record Ista(SDVariable weights, SDVariable theta, SDVariable eta, int iterations, int[] iArgs,
            FlippedKernel adjoint, boolean preActivation) implements Step {
        /** The same layer leaving its last pre-activation {@code s_K} (the ReLU moved behind a max-pooling). */
        Ista withoutLastRelu() {
            return new Ista(weights, theta, eta, iterations, iArgs, adjoint, true);
        }
    }

    /** Per-batch buffers of an {@link Ista} step (output shape, but da and daSum input shape; codes a₀ … a_{K−1}). */
    private record IstaBuffers(INDArray[] codes, INDArray da, INDArray u, INDArray gs, INDArray ga,
            INDArray daSum, INDArray negLambda, INDArray negEtaLambda, INDArray scaledWeights) {
        /** The per-sample buffers as views of their first {@code n} samples; the per-layer ones shared. */
        IstaBuffers prefix(long n) {
            INDArray[] c = new INDArray[codes.length];
            for (int j = 0; j < c.length; j++) {
                c[j] = EagerCnn.prefix(codes[j], n);
            }
            return new IstaBuffers(c, EagerCnn.prefix(da, n), EagerCnn.prefix(u, n), EagerCnn.prefix(gs, n),
                    EagerCnn.prefix(ga, n), EagerCnn.prefix(daSum, n), negLambda, negEtaLambda, scaledWeights);
        }
    }

    /**
     * The per-batch buffers of every step. Allocated once for the largest batch so far; a smaller batch uses
     * views of their first samples ({@link #prefix}), so that a condition's last, partial batch (500 samples =
     * 256 + 244) does not reallocate and zero-fill every buffer twice per condition.
     */
    private record Buffers(INDArray input, INDArray[] acts, INDArray[] grads, IstaBuffers[] ista, INDArray[] soft) {
        long batch() {
            return input.size(0);
        }

        Buffers prefix(long n) {
            IstaBuffers[] is = new IstaBuffers[ista.length];
            for (int i = 0; i < is.length; i++) {
                is[i] = ista[i] == null ? null : ista[i].prefix(n);
            }
            return new Buffers(EagerCnn.prefix(input, n), EagerCnn.prefixes(acts, n), EagerCnn.prefixes(grads, n), is,
                    EagerCnn.prefixes(soft, n));
        }
    }

    /**
     * The first {@code n} samples of a c-ordered buffer whose first axis is the batch: a view, contiguous and at
     * offset 0 like the buffer, so libnd4j and oneDNN read and write it in place.
     */
    static INDArray prefix(INDArray a, long n) {
        if (a.size(0) == n) {
            return a;
        }
        INDArrayIndex[] idx = new INDArrayIndex[a.rank()];
        idx[0] = NDArrayIndex.interval(0, n);
        for (int k = 1; k < idx.length; k++) {
            idx[k] = NDArrayIndex.all();
        }
        return a.get(idx);
    }

    private static INDArray[] prefixes(INDArray[] a, long n) {
        INDArray[] p = new INDArray[a.length];
        for (int i = 0; i < a.length; i++) {
            p[i] = a[i] == null ? null : prefix(a[i], n);
        }
        return p;
    }

    private final List<Step> steps;
    private final DataType dtype;
    private final int classes;
    /** Buffers for the largest batch so far, and the views of them per smaller batch size seen since. */
    private Buffers full;
    private final java.util.Map<Long, Buffers> views = new java.util.HashMap<>();
    /** Per batch size: activations[i] is the output of steps[i]; grads[i] the gradient of its output. */
    private long bufferBatch = -1;
    private INDArray[] acts;
    private INDArray[] grads;
    private IstaBuffers[] istaBuffers;
    /** Per step: scratch buffer of a {@link Soft} step (its positive part), the 0/1 mask of a {@link Kwta} step. */
    private INDArray[] softBuffers;
    private INDArray input;
    /** Per step: the weights a {@link Conv} or {@link Dense} step used in the last forward pass. */
    private final INDArray[] weightsNow;

    private EagerCnn(List<Step> steps, DataType dtype, int classes) {
        this.steps = steps;
        this.dtype = dtype;
        this.classes = classes;
        this.weightsNow = new INDArray[steps.size()];
    }

    /**
     * True for weights held as arrays (trainable variables or constants). Reparametrized weights
     * (the sparse variants' w = v/‖v‖, b = −softplus(θ)) are computed by other ops: see {@link #param}.
     */
    private static boolean stored(SDVariable v) {
        return v.getVariableType() == org.nd4j.autodiff.samediff.VariableType.VARIABLE
                || v.getVariableType() == org.nd4j.autodiff.samediff.VariableType.CONSTANT;
    }

    /**
     * The source of a layer's weight or bias {@code v}: the array itself when stored; for a
     * {@link Variant#SPARSE_PRIOR} graph ({@code sparse} true) also the layer's normalized kernel
     * {@code <p>_kernel = <p>_V / ‖<p>_V‖} (the {@code divide} by a {@code reduce_norm2} that
     * {@link org.sparsebench.sparse.UnitNorm} builds, over that reduction's axes) and its bias {@code <p>}{@value SameDiffCnn#BIAS} {@code = −softplus(<p>_theta)};
     * else null.
     */
    private static Param param(SameDiff sd, SDVariable v, boolean sparse) {
        if (stored(v)) {
            return new Stored(v);
        }
        DifferentialFunction op = sd.getVariableOutputOp(v.name());
        if (!sparse || op == null) {
            return null;
        }
        String name = v.name();
        if (name.endsWith("_kernel") && "divide".equals(op.opName()) && op.args().length == 2) {
            SDVariable source = op.args()[0];
            DifferentialFunction norm = sd.getVariableOutputOp(op.args()[1].name());
            if (!stored(source) || !(norm instanceof BaseReduceOp r) || !"reduce_norm2".equals(norm.opName())
                    || !r.isKeepDims() || r.getDimensions() == null || r.getDimensions().length == 0
                    || !norm.args()[0].name().equals(source.name())) {
                return null;
            }
            return new UnitNormed(source, r.getDimensions().clone());
        }
        if (name.endsWith(SameDiffCnn.BIAS) && "neg".equals(op.opName())) {
            String p = name.substring(0, name.length() - SameDiffCnn.BIAS.length());
            return theta(sd, p).map(NegSoftplus::new).orElse(null);
        }
        return null;
    }

    private static Optional<SDVariable> theta(SameDiff sd, String p) {
        if (!sd.hasVariable(p + "_theta") || !stored(sd.getVariable(p + "_theta"))) {
            return Optional.empty();
        }
        return Optional.of(sd.getVariable(p + "_theta"));
    }

    /**
     * The eager executor for {@code sd}'s chain from {@link SameDiffCnn#INPUT} to
     * {@link SameDiffCnn#LOGITS}, or empty when the chain has an op this class does not know.
     */
    public static Optional<EagerCnn> of(SameDiff sd, int classes) {
        return walk(sd, classes, null);
    }

    /**
     * The eager executor for a graph that {@link SameDiffCnn#build} made of {@code spec}: for
     * {@link Variant#ISTA} each coding layer {@code ACT<i>} (the unrolled loop, which {@link #of(SameDiff, int)}
     * cannot parse) runs as one ISTA step reading {@code conv<i>_W}, {@code conv<i>_theta} and
     * {@code conv<i>_eta} from the graph at every call; for {@link Variant#SPARSE_PRIOR} the normalized
     * kernels {@code v/‖v‖} and biases {@code −softplus(θ)} are computed from {@code <p>_V} and
     * {@code <p>_theta} at every call; for {@link Variant#SOFT_THRESHOLD} each {@code ACT<i>} and
     * {@value SameDiffCnn#FEATURES} runs as one soft-threshold step with {@code λ = softplus(<p>_theta)}; for
     * {@link Variant#KWTA} each as one k-WTA step with the spec's ratio.
     * The rest of the chain is walked as for a plain CNN. Other variants: as {@link #of(SameDiff, int)}.
     * Empty when the graph does not have that shape.
     */
    public static Optional<EagerCnn> of(SameDiff sd, CnnSpec spec) {
        return walk(sd, spec.classes(), spec);
    }

    private static Optional<EagerCnn> walk(SameDiff sd, int classes, CnnSpec spec) {
        Variant variant = spec == null ? null : spec.resolvedVariant();
        CnnSpec ista = variant == Variant.ISTA ? spec : null;
        boolean sparse = variant == Variant.SPARSE_PRIOR;
        try {
            List<Step> steps = new ArrayList<>();
            String name = SameDiffCnn.LOGITS;
            while (!SameDiffCnn.INPUT.equals(name)) {
                String kwtaLayer = variant == Variant.KWTA ? softLayer(name, spec) : null;
                if (kwtaLayer != null) {
                    if (!kwtaStep(sd, name, kwtaLayer)) {
                        return Optional.empty();
                    }
                    steps.add(new Kwta(spec.kwtaRatio()));
                    name = kwtaLayer;
                    continue;
                }
                String softLayer = variant == Variant.SOFT_THRESHOLD ? softLayer(name, spec) : null;
                if (softLayer != null) {
                    Optional<Soft> step = softStep(sd, name, softLayer);
                    if (step.isEmpty()) {
                        return Optional.empty();
                    }
                    steps.add(step.get());
                    name = softLayer;
                    continue;
                }
                int layer = ista == null ? -1 : istaLayer(name, ista);
                if (layer >= 0) {
                    Optional<Ista> step = istaStep(sd, layer, ista.istaIterations());
                    if (step.isEmpty()) {
                        return Optional.empty();
                    }
                    steps.add(step.get());
                    name = sd.getVariableOutputOp("conv" + layer).args()[0].name();
                    continue;
                }
                DifferentialFunction op = sd.getVariableOutputOp(name);
                if (op == null) {
                    return Optional.empty();
                }
                SDVariable[] args = op.args();
                String opName = op.opName();
                switch (opName) {
                    case "permute" -> {
                        long[] ia = ((DynamicCustomOp) op).iArgs();
                        if (args.length != 1 || ia.length != 4) {
                            return Optional.empty();
                        }
                        steps.add(new Permute(Arrays.stream(ia).mapToInt(Math::toIntExact).toArray()));
                    }
                    case "conv2d" -> {
                        long[] ia = ((DynamicCustomOp) op).iArgs();
                        Param w = args.length >= 2 ? param(sd, args[1], sparse) : null;
                        Param b = args.length == 3 ? param(sd, args[2], sparse) : null;
                        if (args.length < 2 || args.length > 3 || ia.length < 10 || w == null
                                || (args.length == 3 && b == null)) {
                            return Optional.empty();
                        }
                        steps.add(new Conv(w, b, ints(ia), FlippedKernel.of(ints(ia), w.shape(), args[1].dataType())));
                    }
                    case "relu" -> {
                        if (!(op instanceof BaseScalarOp s) || s.getScalarValue() == null
                                || s.getScalarValue().getDouble(0) != 0.0) {
                            return Optional.empty();
                        }
                        steps.add(new Relu());
                    }
                    case "maxpool2d" -> {
                        long[] ia = ((DynamicCustomOp) op).iArgs();
                        if (ia.length < 11) {
                            return Optional.empty();
                        }
                        steps.add(new Pool(ints(ia)));
                    }
                    case "reshape" -> steps.add(new Flatten());
                    case "xw_plus_b" -> {
                        long[] ia = ((DynamicCustomOp) op).iArgs();
                        Param w = args.length == 3 ? param(sd, args[1], sparse) : null;
                        Param b = args.length == 3 ? param(sd, args[2], sparse) : null;
                        if (w == null || b == null || (ia.length > 0 && ia[0] != 0)) {
                            return Optional.empty();
                        }
                        steps.add(new Dense(w, b));
                    }
                    case "matmul" -> {
                        // x·W without transposes or scaling (the soft-threshold variant's dense layer)
                        long[] ia = ((DynamicCustomOp) op).iArgs();
                        double[] ta = ((DynamicCustomOp) op).tArgs();
                        if (args.length != 2 || !stored(args[1]) || Arrays.stream(ia).anyMatch(v -> v != 0)
                                || (ta.length > 0 && ta[0] != 1.0)
                                || args[1].getArr().rank() != 2) {
                            return Optional.empty();
                        }
                        steps.add(new Dense(new Stored(args[1]), null));
                    }
                    default -> {
                        return Optional.empty();
                    }
                }
                name = args[0].name();
            }
            Collections.reverse(steps);
            // ReLU then 2-D max-pooling equals max-pooling then ReLU (ReLU is monotone), and so does the input
            // gradient: where the window's max is positive both route it to the same (first) argmax, where it
            // is <= 0 both give zero. Pooling first runs relu and its backward on a quarter of the values.
            // The same holds for soft thresholding (non-decreasing, and floating-point rounding keeps it so): where
            // the window's max is in the dead zone [−λ, λ] both give zero, else both route g to the same argmax,
            // unless two distinct z of a window round to the same z − λ (a tie for the graph, which picks the
            // first; pooling first picks the larger z, the exact derivative): rare in float32 (committed
            // soft-threshold-cnn, a batch of 256 uniform images: all 200,704 input-gradient values within 1e-5 of
            // the graph's), never seen in float64.
            // An ISTA layer ends in a ReLU too: a_K = relu(s_K). Followed by max-pooling, it leaves s_K and the
            // ReLU runs after the pooling (same argument), so its last ReLU, and in the backward pass the ReLU mask of
            // a_K, are applied to a quarter of the values.
            for (int i = 0; i + 1 < steps.size(); i++) {
                if ((steps.get(i) instanceof Relu || steps.get(i) instanceof Soft) && steps.get(i + 1) instanceof Pool) {
                    Collections.swap(steps, i, i + 1);
                    i++;
                } else if (steps.get(i) instanceof Ista t && !t.preActivation() && steps.get(i + 1) instanceof Pool) {
                    steps.set(i, t.withoutLastRelu());
                    steps.add(i + 2, new Relu());
                    i += 2;
                }
            }
            DataType dtype = sd.getVariable(SameDiffCnn.INPUT).dataType();
            return Optional.of(new EagerCnn(List.copyOf(steps), dtype, classes));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The layer index i when {@code name} is {@code ACT<i>} of one of {@code spec}'s conv layers, else −1. */
    private static int istaLayer(String name, CnnSpec spec) {
        for (int i = 0; i < spec.convChannels().size(); i++) {
            if (name.equals(SameDiffCnn.ACT + i)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * For a soft-threshold or k-WTA spec: the layer prefix whose pre-activation {@code name} thresholds
     * ({@code conv<i>} for {@code ACT<i>}, {@code dense0} for {@value SameDiffCnn#FEATURES}), else null.
     */
    private static String softLayer(String name, CnnSpec spec) {
        if (SameDiffCnn.FEATURES.equals(name)) {
            return "dense0";
        }
        int layer = istaLayer(name, spec);
        return layer >= 0 ? "conv" + layer : null;
    }

    /**
     * True when {@code name} is the graph's k-WTA of {@code p} ({@link org.sparsebench.sparse.KWinnersTakeAll#apply}:
     * a reshape of {@code <name>_flat}, the reshaped {@code p}, with a {@code <name>_mask}). k-WTA is not
     * element-wise: it stays before the max-pooling.
     */
    private static boolean kwtaStep(SameDiff sd, String name, String p) {
        DifferentialFunction op = sd.getVariableOutputOp(name);
        DifferentialFunction flat = sd.hasVariable(name + "_flat") ? sd.getVariableOutputOp(name + "_flat") : null;
        return op != null && flat != null && "reshape".equals(op.opName()) && "reshape".equals(flat.opName())
                && flat.args()[0].name().equals(p) && sd.hasVariable(name + "_mask") && sd.getVariableOutputOp(p) != null;
    }

    /**
     * The soft-threshold step that computes {@code name} from the output of layer {@code p}: the graph's
     * {@code relu(z − λ) − relu(−z − λ)} (a subtraction of two ReLUs of z) with {@code λ = softplus(<p>_theta)};
     * the channel axis is the conv's (NHWC: 3, NCHW: 1), or 1 after a dense layer.
     */
    private static Optional<Soft> softStep(SameDiff sd, String name, String p) {
        DifferentialFunction op = sd.getVariableOutputOp(name);
        DifferentialFunction pre = sd.getVariableOutputOp(p);
        Optional<SDVariable> theta = theta(sd, p);
        if (op == null || pre == null || theta.isEmpty() || !op.opName().startsWith("sub") || op.args().length != 2
                || !"relu".equals(sd.getVariableOutputOp(op.args()[0].name()).opName())
                || !"relu".equals(sd.getVariableOutputOp(op.args()[1].name()).opName())) {
            return Optional.empty();
        }
        int axis = "conv2d".equals(pre.opName()) && ((DynamicCustomOp) pre).iArgs()[9] == 1 ? 3 : 1;
        return Optional.of(new Soft(theta.get(), axis));
    }

    private static Optional<Ista> istaStep(SameDiff sd, int layer, int iterations) {
        String p = "conv" + layer;
        DifferentialFunction conv = sd.getVariableOutputOp(p);
        if (conv == null || !"conv2d".equals(conv.opName()) || !sd.hasVariable(p + "_W")
                || !sd.hasVariable(p + "_theta") || !sd.hasVariable(p + SameDiffCnn.ETA)) {
            return Optional.empty();
        }
        SDVariable w = sd.getVariable(p + "_W");
        SDVariable theta = sd.getVariable(p + "_theta");
        SDVariable eta = sd.getVariable(p + SameDiffCnn.ETA);
        int[] ia = ints(((DynamicCustomOp) conv).iArgs());
        // D a must be the conv with the flipped kernel under the same (symmetric) padding: SAME, odd kernel
        FlippedKernel adjoint = FlippedKernel.of(ia, w.getArr().shape(), w.dataType());
        if (!stored(w) || !stored(theta) || !stored(eta) || adjoint == null || ia[8] != 1) {
            return Optional.empty();
        }
        return Optional.of(new Ista(w, theta, eta, iterations, ia, adjoint, false));
    }

    /** Logits {@code [N, K]} of an {@code [N, C, H, W]} batch (already in the graph's data type). */
    public INDArray logits(INDArray x) {
        return forward(x).dup();
    }

    /**
     * One forward and one input-only backward pass for the loss of {@link SameDiffCnn#SAMPLE_LOSS}:
     * per sample {@code Σ_k y_k · logSumExp(z) − Σ_k y_k z_k + Σ_k w_k z_k}.
     *
     * @param labels   class per sample for cross-entropy, or null
     * @param upstream {@code [N, K]} weights of the linear loss, or null
     * @return {logits [N, K], per-sample loss [N], input gradient [N, C, H, W]}
     */
    public INDArray[] gradient(INDArray x, int[] labels, INDArray upstream) {
        INDArray z = forward(x);
        int n = (int) x.size(0);
        double[] zv = z.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] w = upstream == null ? null : upstream.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] g = new double[n * classes];
        double[] loss = new double[n];
        for (int i = 0; i < n; i++) {
            int o = i * classes;
            double l = 0;
            if (labels != null) {
                double max = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < classes; k++) {
                    max = Math.max(max, zv[o + k]);
                }
                double sum = 0;
                for (int k = 0; k < classes; k++) {
                    sum += Math.exp(zv[o + k] - max);
                }
                double lse = max + Math.log(sum);
                l += lse - zv[o + labels[i]];
                for (int k = 0; k < classes; k++) {
                    g[o + k] = Math.exp(zv[o + k] - lse);
                }
                g[o + labels[i]] -= 1;
            }
            if (w != null) {
                for (int k = 0; k < classes; k++) {
                    l += w[o + k] * zv[o + k];
                    g[o + k] += w[o + k];
                }
            }
            loss[i] = l;
        }
        INDArray gz = grads[steps.size() - 1];
        gz.assign(Nd4j.create(g, new long[] {n, classes}, DataType.DOUBLE));
        INDArray gx = Nd4j.create(dtype, x.shape());
        for (int i = steps.size() - 1; i >= 0; i--) {
            INDArray in = i == 0 ? input : acts[i - 1];
            backward(steps.get(i), in, acts[i], grads[i], i == 0 ? gx : grads[i - 1], i);
        }
        return new INDArray[] {z.dup(), Nd4j.create(loss, new long[] {n}, DataType.DOUBLE).castTo(dtype), gx};
    }

    /**
     * The coding layers the chain computes, in forward order: a {@link Conv} or {@link Dense} step followed by
     * its nonlinearity (ReLU, soft threshold or k-WTA; also when the ReLU or soft threshold was moved behind a
     * max-pooling), and each {@link Ista} step. The last dense layer (the logits) has none and is not one.
     */
    public int codingLayers() {
        int n = 0;
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i) instanceof Ista || nonlinearityOf(i) >= 0) {
                n++;
            }
        }
        return n;
    }

    /**
     * For a {@link Conv} or {@link Dense} step i, the index of the step that applies its nonlinearity (the next
     * step, or the one after a max-pooling that was moved before it); −1 when step i is no such layer.
     */
    private int nonlinearityOf(int i) {
        if (!(steps.get(i) instanceof Conv || steps.get(i) instanceof Dense) || i + 1 >= steps.size()) {
            return -1;
        }
        Step next = steps.get(i + 1);
        if (next instanceof Relu || next instanceof Soft || next instanceof Kwta) {
            return i + 1;
        }
        if (next instanceof Pool && i + 2 < steps.size()
                && (steps.get(i + 2) instanceof Relu || steps.get(i + 2) instanceof Soft)) {
            return i + 2;
        }
        return -1;
    }

    /**
     * What each of the {@link #codingLayers()} computed on {@code x} in one forward pass: the layer's input and
     * its codes a₀ … a_K (one code unless the layer runs ISTA; the last is the layer's output activation), as
     * fresh arrays in this executor's layout (NHWC for the conv layers of an NHWC graph), named by {@code names}
     * in forward order. Where the chain runs a nonlinearity after the max-pooling (pool-first), the
     * full-resolution code the graph computes is rebuilt from the kept pre-activation: {@code relu(z)} or the
     * soft threshold of z, and for an ISTA layer {@code a_K = relu(s_K)}.
     *
     * @throws IllegalArgumentException when {@code names} does not name every coding layer
     */
    public List<org.sparsebench.sparse.LayerTrace> trace(INDArray x, List<String> names) {
        if (names.size() != codingLayers()) {
            throw new IllegalArgumentException(names.size() + " layer names for " + codingLayers() + " coding layers");
        }
        forward(x);
        List<org.sparsebench.sparse.LayerTrace> out = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            if (!(steps.get(i) instanceof Ista) && nonlinearityOf(i) < 0) {
                continue;
            }
            List<INDArray> codes = new ArrayList<>();
            if (steps.get(i) instanceof Ista) {
                for (INDArray c : istaBuffers[i].codes()) {
                    codes.add(c.dup());
                }
            }
            codes.add(output(i));
            out.add(new org.sparsebench.sparse.LayerTrace(names.get(out.size()), (i == 0 ? input : acts[i - 1]).dup(), codes));
        }
        return out;
    }

    /**
     * The output activation of each of the {@link #codingLayers()} on {@code x} (the last code of {@link #trace}),
     * as fresh arrays in this executor's layout, without the inputs and intermediate codes a trace copies.
     */
    public List<INDArray> outputs(INDArray x) {
        forward(x);
        List<INDArray> out = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i) instanceof Ista || nonlinearityOf(i) >= 0) {
                out.add(output(i));
            }
        }
        return out;
    }

    /** A fresh copy of the output activation of the coding layer that ends at step i, after {@link #forward}. */
    private INDArray output(int i) {
        if (steps.get(i) instanceof Ista t) {
            INDArray last = acts[i].dup();
            if (t.preActivation()) {
                relu(last, last);
            }
            return last;
        }
        int f = nonlinearityOf(i);
        if (f == i + 1) {
            return acts[f].dup();
        }
        INDArray code = acts[i].dup();
        if (steps.get(f) instanceof Soft t) {
            softForward(t, acts[i], Nd4j.create(acts[i].dataType(), acts[i].shape()), code);
        } else {
            relu(code, code);
        }
        return code;
    }

    private INDArray forward(INDArray x) {
        long n = x.size(0);
        ensureBuffers(x);
        input.assign(x);
        INDArray cur = input;
        for (int i = 0; i < steps.size(); i++) {
            INDArray out = acts[i];
            Step s = steps.get(i);
            if (s instanceof Permute p) {
                out.assign(cur.permute(p.axes()));
            } else if (s instanceof Conv c) {
                weightsNow[i] = c.weights().value();
                exec("conv2d", c.bias() == null ? new INDArray[] {cur, weightsNow[i]}
                        : new INDArray[] {cur, weightsNow[i], c.bias().value()}, out, c.iArgs(), null);
            } else if (s instanceof Relu) {
                relu(cur, out);
            } else if (s instanceof Pool p) {
                exec("maxpool2d", new INDArray[] {cur}, out, p.iArgs(), null);
            } else if (s instanceof Flatten) {
                out.assign(cur.reshape('c', n, out.size(1)));
            } else if (s instanceof Dense d) {
                weightsNow[i] = d.weights().value();
                Nd4j.gemm(cur, weightsNow[i], out, false, false, 1.0, 0.0);
                if (d.bias() != null) {
                    out.addiRowVector(d.bias().value());
                }
            } else if (s instanceof Ista t) {
                istaForward(t, istaBuffers[i], cur, out);
            } else if (s instanceof Soft t) {
                softForward(t, cur, softBuffers[i], out);
            } else if (s instanceof Kwta t) {
                KwtaHost.forward(cur, out, softBuffers[i], t.ratio());
            }
            cur = out;
        }
        return cur;
    }

    /**
     * {@code a₀ = relu(conv(x, W) − λ)}, then {@code a_k = relu(a_{k−1} + η Dᵀ(x − D a_{k−1}) − η λ)}, which is the
     * graph's {@code relu(a + η (z − Dᵀ D a) − η λ)} with {@code z = Dᵀ x} regrouped around the residual in the
     * layer's input space ({@code D a = conv(a, W̃)}, {@code Dᵀ v = conv(v, W)}): an iteration is two
     * convolutions, a subtraction on the input's (narrower) shape, one addition and a ReLU on the code's shape.
     * The second convolution computes {@code η Dᵀ(x − D a) − η λ} at once, as {@code conv(D a − x, −η W)} with the
     * bias {@code −η λ}; computing {@code zb = z − λ} first and {@code a + η (zb − Dᵀ D a)} from it (the graph's
     * grouping) took one more pass over the code's shape per iteration. Leaves {@code −η W} for the backward pass.
     */
    private static void istaForward(Ista t, IstaBuffers b, INDArray x, INDArray out) {
        INDArray w = t.weights().getArr();
        double[] theta = t.theta().getArr().castTo(DataType.DOUBLE).toDoubleVector();
        double eta = t.eta().getArr().getDouble(0);
        double[] negLambda = new double[theta.length];
        double[] negEtaLambda = new double[theta.length];
        for (int c = 0; c < theta.length; c++) {
            negLambda[c] = -softplus(theta[c]);
            negEtaLambda[c] = eta * negLambda[c];
        }
        b.negLambda().assign(Nd4j.createFromArray(negLambda).castTo(b.negLambda().dataType()));
        int k = t.iterations();
        INDArray first = k == 0 ? out : b.codes()[0];
        exec("conv2d", new INDArray[] {x, w, b.negLambda()}, first, t.iArgs(), null);
        if (k > 0 || !t.preActivation()) {
            relu(first, first);
        }
        if (k == 0) {
            return;
        }
        b.negEtaLambda().assign(Nd4j.createFromArray(negEtaLambda).castTo(b.negEtaLambda().dataType()));
        t.adjoint().refresh(w);
        w.mul(-eta, b.scaledWeights());
        for (int j = 1; j <= k; j++) {
            INDArray a = b.codes()[j - 1];
            INDArray next = j == k ? out : b.codes()[j];
            t.adjoint().convolve(a, b.da());
            b.da().subi(x); // D a − x
            exec("conv2d", new INDArray[] {b.da(), b.scaledWeights(), b.negEtaLambda()}, next, t.iArgs(), null);
            next.addi(a);
            if (j < k || !t.preActivation()) {
                relu(next, next);
            }
        }
    }

    /** {@code out = relu(in)} ({@code in < 0 ? 0 : in}, NaN kept), the legacy scalar op: quicker than the custom {@code relu}. */
    private static void relu(INDArray in, INDArray out) {
        Nd4j.exec(new RectifiedLinear(in, out, 0.0));
    }

    /**
     * Input-only backward of {@link #istaForward}, last code first: {@code g_s = relu'(a_k) ⊙ g_{a_k}} (for the
     * last code of a layer that leaves {@code s_K}, {@code gOut} is that {@code g_s} already);
     * {@code g_{a_{k−1}} = g_s − η DᵀD g_s} (DᵀD is symmetric, so its backward is itself: conv with W̃,
     * then with −η W); the input gradient {@code conv(η Σ_{k≥1} g_s + relu'(a₀) ⊙ g_{a₀}, W̃)} is assembled
     * from the {@code conv(g_s, W̃)} the iterations compute anyway, summed on the layer's (narrower) input
     * shape. Uses W̃ and −η W as the forward pass of the same call left them.
     */
    private static void istaBackward(Ista t, IstaBuffers b, INDArray out, INDArray gOut, INDArray gIn) {
        int k = t.iterations();
        if (k == 0) {
            t.adjoint().refresh(t.weights().getArr());
            if (!t.preActivation()) {
                reluBackward(out, gOut, b.gs());
            }
            t.adjoint().convolve(t.preActivation() ? gOut : b.gs(), gIn);
            return;
        }
        INDArray g = gOut;
        INDArray next = b.ga();
        INDArray spare = b.u();
        for (int j = k; j >= 1; j--) {
            // with the last ReLU moved behind the pooling, gOut is already the gradient of s_K
            INDArray gs = j == k && t.preActivation() ? gOut : b.gs();
            if (gs != gOut) {
                reluBackward(j == k ? out : b.codes()[j], g, gs);
            }
            INDArray da = j == k ? b.daSum() : b.da(); // daSum collects Σ_{j ≥ 1} conv(g_s, W̃)
            t.adjoint().convolve(gs, da);
            if (j < k) {
                b.daSum().addi(da);
            }
            exec("conv2d", new INDArray[] {da, b.scaledWeights()}, next, t.iArgs(), null);
            next.addi(gs);
            g = next;
            next = spare;
            spare = g;
        }
        reluBackward(b.codes()[0], g, b.gs());
        t.adjoint().convolve(b.gs(), gIn);
        exec("axpy", new INDArray[] {gIn, b.daSum()}, gIn, null, new double[] {t.eta().getArr().getDouble(0)});
    }

    /**
     * {@code out = relu(z − λ) − relu(−z − λ)}, computed as {@code relu(z − λ) + min(z + λ, 0)}: the same
     * values in floating point ({@code −z − λ = −(z + λ)} exactly), in five element-wise passes.
     */
    private static void softForward(Soft t, INDArray z, INDArray pos, INDArray out) {
        INDArray lambda = Transforms.softPlus(t.theta().getArr(), true).castTo(z.dataType());
        Nd4j.exec(new BroadcastSubOp(z, lambda, pos, t.axis()));
        exec("relu", new INDArray[] {pos}, pos, null, new double[] {0.0});
        Nd4j.exec(new BroadcastAddOp(z, lambda, out, t.axis()));
        Nd4j.exec(new ScalarMin(out, null, out, 0.0));
        out.addi(pos);
    }

    /**
     * {@code gIn = gOut ⊙ 1[|z| > λ]} for the output {@code out} of {@link #softForward}: the graph's two ReLU
     * backward passes add up to {@code 1[z − λ > 0] + 1[−z − λ > 0]}, which is 1 exactly where {@code out ≠ 0}
     * (z − λ rounds to a positive number whenever z > λ), i.e. {@code |sign(out)|}.
     */
    private static void softBackward(INDArray out, INDArray gOut, INDArray gIn) {
        Nd4j.exec(new Sign(out, gIn));
        Nd4j.exec(new Abs(gIn, gIn));
        gIn.muli(gOut);
    }

    /**
     * {@code result = g ⊙ [out > 0]} for the output {@code out ≥ 0} of a ReLU, as {@code sign(out) ⊙ g}:
     * libnd4j's {@code relu_bp} computes the same but takes ~2.5× as long as the two passes.
     */
    private static void reluBackward(INDArray out, INDArray g, INDArray result) {
        Nd4j.exec(new Sign(out, result));
        result.muli(g);
    }

    private static double softplus(double theta) {
        return theta > 0 ? theta + Math.log1p(Math.exp(-theta)) : Math.log1p(Math.exp(theta));
    }

    private void backward(Step s, INDArray in, INDArray out, INDArray gOut, INDArray gIn, int index) {
        if (s instanceof Permute p) {
            int[] inverse = new int[p.axes().length];
            for (int k = 0; k < inverse.length; k++) {
                inverse[p.axes()[k]] = k;
            }
            gIn.assign(gOut.permute(inverse));
        } else if (s instanceof Conv c) {
            // gradient with respect to the conv's input only: a convolution of gOut with the flipped kernel,
            // or where that cannot express it the transposed convolution of gOut with the same weights
            // ([kH, kW, iC, oC] read by deconv2d as [kH, kW, its oC, its iC]).
            if (c.flip() != null) {
                c.flip().refresh(weightsNow[index]);
                c.flip().convolve(gOut, gIn);
            } else {
                exec("deconv2d", new INDArray[] {gOut, weightsNow[index]}, gIn, c.iArgs(), null);
            }
        } else if (s instanceof Relu) {
            reluBackward(out, gOut, gIn);
        } else if (s instanceof Pool p) {
            exec("maxpool2d_bp", new INDArray[] {in, gOut}, gIn, p.iArgs(), null);
        } else if (s instanceof Flatten) {
            gIn.assign(gOut.reshape('c', gIn.shape()));
        } else if (s instanceof Dense d) {
            Nd4j.gemm(gOut, weightsNow[index], gIn, false, true, 1.0, 0.0);
        } else if (s instanceof Ista t) {
            istaBackward(t, istaBuffers[index], out, gOut, gIn);
        } else if (s instanceof Soft) {
            softBackward(out, gOut, gIn);
        } else if (s instanceof Kwta) {
            gOut.mul(softBuffers[index], gIn);
        }
    }

    private static void exec(String op, INDArray[] inputs, INDArray output, int[] iArgs, double[] tArgs) {
        DynamicCustomOp.DynamicCustomOpsBuilder b = DynamicCustomOp.builder(op).addInputs(inputs).addOutputs(output);
        if (iArgs != null) {
            b.addIntegerArguments(iArgs);
        }
        if (tArgs != null) {
            b.addFloatingPointArguments(Arrays.stream(tArgs).boxed().toArray(Double[]::new));
        }
        Nd4j.exec(b.build());
    }

    private static int[] ints(long[] a) {
        return Arrays.stream(a).mapToInt(Math::toIntExact).toArray();
    }

    private void ensureBuffers(INDArray x) {
        long n = x.size(0);
        if (n == bufferBatch) {
            return;
        }
        if (full == null || n > full.batch()) {
            full = allocate(x, n);
            views.clear();
        }
        Buffers b = n == full.batch() ? full : views.computeIfAbsent(n, full::prefix);
        input = b.input();
        acts = b.acts();
        grads = b.grads();
        istaBuffers = b.ista();
        softBuffers = b.soft();
        bufferBatch = n;
    }

    private Buffers allocate(INDArray x, long n) {
        INDArray in = Nd4j.create(dtype, x.shape());
        INDArray[] a = new INDArray[steps.size()];
        INDArray[] g = new INDArray[steps.size()];
        IstaBuffers[] is = new IstaBuffers[steps.size()];
        INDArray[] soft = new INDArray[steps.size()];
        INDArray cur = in;
        for (int i = 0; i < steps.size(); i++) {
            long[] shape = outputShape(steps.get(i), cur, n);
            a[i] = Nd4j.create(dtype, shape);
            g[i] = Nd4j.create(dtype, shape);
            if (steps.get(i) instanceof Ista t) {
                INDArray[] codes = new INDArray[t.iterations()];
                for (int j = 0; j < codes.length; j++) {
                    codes[j] = Nd4j.create(dtype, shape);
                }
                long channels = shape[t.iArgs()[9] == 1 ? 3 : 1];
                is[i] = new IstaBuffers(codes, Nd4j.create(dtype, cur.shape()),
                        Nd4j.create(dtype, shape), Nd4j.create(dtype, shape), Nd4j.create(dtype, shape),
                        Nd4j.create(dtype, cur.shape()), Nd4j.create(dtype, channels), Nd4j.create(dtype, channels),
                        Nd4j.create(dtype, t.weights().getArr().shape()));
            }
            if (steps.get(i) instanceof Soft || steps.get(i) instanceof Kwta) {
                soft[i] = Nd4j.create(dtype, shape);
            }
            cur = a[i];
        }
        return new Buffers(in, a, g, is, soft);
    }

    private static long[] outputShape(Step s, INDArray in, long n) {
        if (s instanceof Permute p) {
            long[] shape = new long[p.axes().length];
            for (int k = 0; k < shape.length; k++) {
                shape[k] = in.size(p.axes()[k]);
            }
            return shape;
        }
        if (s instanceof Relu || s instanceof Soft || s instanceof Kwta) {
            return in.shape();
        }
        if (s instanceof Flatten) {
            return new long[] {n, in.length() / n};
        }
        if (s instanceof Dense d) {
            return new long[] {n, d.weights().shape()[1]};
        }
        DynamicCustomOp op = s instanceof Conv c
                ? DynamicCustomOp.builder("conv2d").addInputs(in, Nd4j.create(in.dataType(), c.weights().shape()))
                        .addIntegerArguments(c.iArgs()).build()
                : s instanceof Ista t
                ? DynamicCustomOp.builder("conv2d").addInputs(in, t.weights().getArr())
                        .addIntegerArguments(t.iArgs()).build()
                : DynamicCustomOp.builder("maxpool2d").addInputs(in).addIntegerArguments(((Pool) s).iArgs()).build();
        return Nd4j.getExecutioner().calculateOutputShape(op).get(0).getShape();
    }
}
