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
import org.nd4j.linalg.api.ops.BaseScalarOp;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

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
 * with the same weights (oneDNN's deconv2d is 10-45× slower here), max-pooling and ReLU use libnd4j's own {@code maxpool2d_bp} / {@code relu_bp}
 * (a ReLU followed by a max-pool runs as pool-then-ReLU, which gives the same values and gradients on
 * a quarter of the elements),
 * dense layers are two GEMMs, and the loss derivative ({@code softmax(z)·Σy − y + w} for
 * {@link SameDiffCnn#OBJECTIVE}) is computed in Java on the {@code [N, K]} logits. Intermediate
 * buffers are allocated once per batch size and reused; the returned arrays are fresh.
 *
 * <p>The op arguments (kernel, stride, padding, layout) are taken from the graph's own ops, so the
 * result equals the graph's (EagerCnnTest: logits and input gradients within 1e-5 of
 * {@link SameDiffModel}). A graph with any other op in the chain (e.g. unrolled ISTA) is not
 * supported: {@link #of} returns empty and callers keep the SameDiff path. Reads the weights from the
 * graph at every call, so it follows in-place weight updates; not thread-safe.
 */
public final class EagerCnn {

    private sealed interface Step permits Permute, Conv, Relu, Pool, Flatten, Dense {
    }

    private record Permute(int[] axes) implements Step {
    }

    /** {@code flip} null: the input gradient runs as {@code deconv2d} (see {@link FlippedKernel#of}). */
    private record Conv(SDVariable weights, SDVariable bias, int[] iArgs, FlippedKernel flip) implements Step {
    }

    private record Relu() implements Step {
    }

    private record Pool(int[] iArgs) implements Step {
    }

    private record Flatten() implements Step {
    }

    private record Dense(SDVariable weights, SDVariable bias) implements Step {
    }

    private final List<Step> steps;
    private final DataType dtype;
    private final int classes;
    /** Per batch size: activations[i] is the output of steps[i]; grads[i] the gradient of its output. */
    private long bufferBatch = -1;
    private INDArray[] acts;
    private INDArray[] grads;
    private INDArray input;

    private EagerCnn(List<Step> steps, DataType dtype, int classes) {
        this.steps = steps;
        this.dtype = dtype;
        this.classes = classes;
    }

    /**
     * The eager executor for {@code sd}'s chain from {@link SameDiffCnn#INPUT} to
     * {@link SameDiffCnn#LOGITS}, or empty when the chain has an op this class does not know.
     */
    /**
     * True for weights held as arrays (trainable variables or constants). Reparametrized weights
     * (the sparse variants' w = v/‖v‖, b = −softplus(θ)) are computed by other ops: declined.
     */
    private static boolean stored(SDVariable v) {
        return v.getVariableType() == org.nd4j.autodiff.samediff.VariableType.VARIABLE
                || v.getVariableType() == org.nd4j.autodiff.samediff.VariableType.CONSTANT;
    }

    public static Optional<EagerCnn> of(SameDiff sd, int classes) {
        try {
            List<Step> steps = new ArrayList<>();
            String name = SameDiffCnn.LOGITS;
            while (!SameDiffCnn.INPUT.equals(name)) {
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
                        if (args.length != 3 || ia.length < 10 || !stored(args[1]) || !stored(args[2])) {
                            return Optional.empty();
                        }
                        steps.add(new Conv(args[1], args[2], ints(ia),
                                FlippedKernel.of(ints(ia), args[1].getArr().shape(), args[1].dataType())));
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
                        if (args.length != 3 || (ia.length > 0 && ia[0] != 0) || !stored(args[1]) || !stored(args[2])) {
                            return Optional.empty();
                        }
                        steps.add(new Dense(args[1], args[2]));
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
            // is <= 0 both give zero. Pooling first runs relu and relu_bp on a quarter of the values.
            for (int i = 0; i + 1 < steps.size(); i++) {
                if (steps.get(i) instanceof Relu && steps.get(i + 1) instanceof Pool) {
                    Collections.swap(steps, i, i + 1);
                    i++;
                }
            }
            DataType dtype = sd.getVariable(SameDiffCnn.INPUT).dataType();
            return Optional.of(new EagerCnn(List.copyOf(steps), dtype, classes));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
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
            backward(steps.get(i), in, acts[i], grads[i], i == 0 ? gx : grads[i - 1]);
        }
        return new INDArray[] {z.dup(), Nd4j.create(loss, new long[] {n}, DataType.DOUBLE).castTo(dtype), gx};
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
                exec("conv2d", new INDArray[] {cur, c.weights().getArr(), c.bias().getArr()}, out, c.iArgs(), null);
            } else if (s instanceof Relu) {
                exec("relu", new INDArray[] {cur}, out, null, new double[] {0.0});
            } else if (s instanceof Pool p) {
                exec("maxpool2d", new INDArray[] {cur}, out, p.iArgs(), null);
            } else if (s instanceof Flatten) {
                out.assign(cur.reshape('c', n, out.size(1)));
            } else if (s instanceof Dense d) {
                Nd4j.gemm(cur, d.weights().getArr(), out, false, false, 1.0, 0.0);
                out.addiRowVector(d.bias().getArr());
            }
            cur = out;
        }
        return cur;
    }

    private void backward(Step s, INDArray in, INDArray out, INDArray gOut, INDArray gIn) {
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
                c.flip().refresh(c.weights().getArr());
                c.flip().inputGradient(gOut, gIn);
            } else {
                exec("deconv2d", new INDArray[] {gOut, c.weights().getArr()}, gIn, c.iArgs(), null);
            }
        } else if (s instanceof Relu) {
            exec("relu_bp", new INDArray[] {out, gOut}, gIn, null, new double[] {0.0});
        } else if (s instanceof Pool p) {
            exec("maxpool2d_bp", new INDArray[] {in, gOut}, gIn, p.iArgs(), null);
        } else if (s instanceof Flatten) {
            gIn.assign(gOut.reshape('c', gIn.shape()));
        } else if (s instanceof Dense d) {
            Nd4j.gemm(gOut, d.weights().getArr(), gIn, false, true, 1.0, 0.0);
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
        input = Nd4j.create(dtype, x.shape());
        acts = new INDArray[steps.size()];
        grads = new INDArray[steps.size()];
        INDArray cur = input;
        for (int i = 0; i < steps.size(); i++) {
            long[] shape = outputShape(steps.get(i), cur, n);
            acts[i] = Nd4j.create(dtype, shape);
            grads[i] = Nd4j.create(dtype, shape);
            cur = acts[i];
        }
        bufferBatch = n;
    }

    private static long[] outputShape(Step s, INDArray in, long n) {
        if (s instanceof Permute p) {
            long[] shape = new long[p.axes().length];
            for (int k = 0; k < shape.length; k++) {
                shape[k] = in.size(p.axes()[k]);
            }
            return shape;
        }
        if (s instanceof Relu) {
            return in.shape();
        }
        if (s instanceof Flatten) {
            return new long[] {n, in.length() / n};
        }
        if (s instanceof Dense d) {
            return new long[] {n, d.weights().getArr().size(1)};
        }
        DynamicCustomOp op = s instanceof Conv c
                ? DynamicCustomOp.builder("conv2d").addInputs(in, c.weights().getArr(), c.bias().getArr())
                        .addIntegerArguments(c.iArgs()).build()
                : DynamicCustomOp.builder("maxpool2d").addInputs(in).addIntegerArguments(((Pool) s).iArgs()).build();
        return Nd4j.getExecutioner().calculateOutputShape(op).get(0).getShape();
    }
}
