package org.sparsebench.models;

import java.util.SplittableRandom;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Pooling2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.factory.Nd4j;
import org.sparsebench.sparse.ConvDictionary;
import org.sparsebench.sparse.KWinnersTakeAll;
import org.sparsebench.sparse.Thresholds;
import org.sparsebench.sparse.UnitNorm;
import org.sparsebench.sparse.UnrolledIsta;

/**
 * Builds the SameDiff graph of a {@link CnnSpec}.
 *
 * <p>Placeholders: {@value #INPUT} {@code [N, C, H, W]} (the api layout), {@value #LABELS} one-hot
 * {@code [N, K]}, {@value #UPSTREAM} {@code [N, K]}. Named outputs: {@value #LOGITS} {@code [N, K]},
 * {@value #FEATURES} {@code [N, hidden]} (input of the last dense layer), {@value #CE_SAMPLE}
 * {@code -log softmax(z)[y]} per sample, {@value #LINEAR_SAMPLE} {@code sum_k upstream⊙z} per
 * sample, {@value #SAMPLE_LOSS} their sum per sample, {@value #OBJECTIVE} the batch sum of that (the
 * loss variable whose input gradient {@link SameDiffModel} asks for) and {@value #TRAIN_LOSS}, the
 * batch mean cross-entropy used for training.
 *
 * <p>Cross-entropy and linear loss share one objective: the caller feeds zeros to the placeholder of
 * the loss it does not want. That keeps a single gradient function (SameDiff builds one per set of
 * loss variables) at the cost of two element-wise ops on {@code [N, K]}.
 *
 * <p>Internally the convolutions run in NHWC (faster on the oneDNN build, see DESIGN.md) unless
 * {@code nhwc} is false; the input is permuted once. Weights are drawn from a
 * {@link SplittableRandom} seeded with {@code seed}, in a fixed order, so a seed fixes them on any
 * machine: He-normal for ReLU layers ({@code sqrt(2/fanIn)}), {@code sqrt(1/fanIn)} for the output
 * layer, zero biases.
 */
public final class SameDiffCnn {
    public static final String INPUT = "input";
    public static final String LABELS = "labels";
    public static final String UPSTREAM = "upstream";
    public static final String LOGITS = "logits";
    public static final String FEATURES = "features";
    public static final String CE_SAMPLE = "ceSample";
    public static final String LINEAR_SAMPLE = "linearSample";
    public static final String SAMPLE_LOSS = "sampleLoss";
    public static final String OBJECTIVE = "objective";
    public static final String TRAIN_LOSS = "trainLoss";
    /** Output of the nonlinearity of conv layer i in every variant but relu (which names it {@code relu<i>}). */
    public static final String ACT = "act";
    /** Suffix of a coding layer's λ = softplus(θ) (variants with reparametrized thresholds). */
    public static final String LAMBDA = "_lambda";
    /** Suffix of a coding layer's effective bias −λ. */
    public static final String BIAS = "_bias";
    /** Suffix of an ista layer's step-size constant η. */
    public static final String ETA = "_eta";
    /** Initial threshold λ of the reparametrized variants. */
    public static final double LAMBDA_INIT = 0.01;

    private SameDiffCnn() {
    }

    /** Float32 graph, NHWC internally. */
    public static SameDiff build(CnnSpec spec, long seed) {
        return build(spec, seed, DataType.FLOAT, true);
    }

    public static SameDiff build(CnnSpec spec, long seed, DataType dtype, boolean nhwc) {
        SplittableRandom rng = new SplittableRandom(seed);
        SameDiff sd = SameDiff.create();
        sd.setEnableCache(false); // see SameDiffModel: the M2.1 op cache serves stale results
        int c = spec.input().channels();
        int h = spec.input().height();
        int w = spec.input().width();
        int k = spec.classes();
        SDVariable input = sd.placeHolder(INPUT, dtype, -1, c, h, w);
        SDVariable x = nhwc ? sd.permute("toNhwc", input, 0, 2, 3, 1) : input;
        Variant variant = spec.resolvedVariant();
        int in = c;
        for (int i = 0; i < spec.convChannels().size(); i++) {
            int out = spec.convChannels().get(i);
            int fanIn = spec.kernel() * spec.kernel() * in;
            INDArray w0 = normal(rng, Math.sqrt(2.0 / fanIn), dtype, spec.kernel(), spec.kernel(), in, out);
            Conv2DConfig conv = UnrolledIsta.sameConv(spec.kernel(), nhwc);
            String p = "conv" + i;
            switch (variant) {
                case RELU -> {
                    SDVariable wt = sd.var(p + "_W", w0);
                    SDVariable b = sd.var(p + "_b", Nd4j.zeros(dtype, out));
                    x = sd.cnn.conv2d(p, x, wt, b, conv);
                    x = sd.nn.relu("relu" + i, x, 0);
                }
                case SPARSE_PRIOR -> {
                    SDVariable kernel = UnitNorm.normalize(sd, p + "_kernel", sd.var(p + "_V", w0), 0, 1, 2);
                    SDVariable bias = nonPositiveBias(sd, p, out, dtype);
                    x = sd.nn.relu(ACT + i, sd.cnn.conv2d(p, x, kernel, bias, conv), 0);
                }
                case SOFT_THRESHOLD -> {
                    SDVariable wt = sd.var(p + "_W", w0);
                    SDVariable bias = nonPositiveBias(sd, p, out, dtype);
                    SDVariable z = sd.cnn.conv2d(p, x, wt, conv);
                    x = Thresholds.soft(sd, ACT + i, z, lambdaFor(sd, p, nhwc));
                }
                case ISTA -> {
                    SDVariable wt = sd.var(p + "_W", w0);
                    SDVariable bias = nonPositiveBias(sd, p, out, dtype);
                    int hh = h >> i;
                    int ww = w >> i;
                    double eta = IstaSteps.step(ConvDictionary.of(w0.permute(3, 2, 0, 1)), hh, ww, i);
                    SDVariable etaVar = sd.constant(p + ETA, Nd4j.scalar(dtype, eta));
                    x = UnrolledIsta.codes(sd, p, ACT + i, x, wt, bias, sd.getVariable(p + LAMBDA), etaVar,
                            spec.istaIterations(), spec.kernel(), nhwc).get(spec.istaIterations());
                }
                case KWTA -> {
                    SDVariable wt = sd.var(p + "_W", w0);
                    SDVariable b = sd.var(p + "_b", Nd4j.zeros(dtype, out));
                    SDVariable z = sd.cnn.conv2d(p, x, wt, b, conv);
                    int hh = h >> i;
                    int ww = w >> i;
                    x = KWinnersTakeAll.apply(sd, ACT + i, z, spec.kwtaRatio(), (long) hh * ww * out,
                            nhwc ? new long[] {-1, hh, ww, out} : new long[] {-1, out, hh, ww});
                }
                default -> throw new IllegalStateException("variant " + variant);
            }
            Pooling2DConfig pool = Pooling2DConfig.builder()
                    .kH(2).kW(2).sH(2).sW(2).dH(1).dW(1)
                    .paddingMode(PaddingMode.VALID)
                    .type(Pooling2D.Pooling2DType.MAX)
                    .isNHWC(nhwc)
                    .build();
            x = sd.cnn.maxPooling2d("pool" + i, x, pool);
            in = out;
        }
        int flat = spec.flatSize();
        int hidden = spec.hiddenUnits();
        SDVariable flatX = sd.reshape("flatten", x, -1, flat);
        INDArray dw0 = normal(rng, Math.sqrt(2.0 / flat), dtype, flat, hidden);
        SDVariable features = switch (variant) {
            case RELU, ISTA -> {
                SDVariable w1 = sd.var("dense0_W", dw0);
                SDVariable b1 = sd.var("dense0_b", Nd4j.zeros(dtype, hidden));
                yield sd.nn.relu(FEATURES, sd.nn.linear("dense0", flatX, w1, b1), 0);
            }
            case SPARSE_PRIOR -> {
                SDVariable kernel = UnitNorm.normalize(sd, "dense0_kernel", sd.var("dense0_V", dw0), 0);
                SDVariable bias = nonPositiveBias(sd, "dense0", hidden, dtype);
                yield sd.nn.relu(FEATURES, sd.nn.linear("dense0", flatX, kernel, bias), 0);
            }
            case SOFT_THRESHOLD -> {
                SDVariable w1 = sd.var("dense0_W", dw0);
                nonPositiveBias(sd, "dense0", hidden, dtype);
                yield Thresholds.soft(sd, FEATURES, flatX.mmul("dense0", w1), sd.getVariable("dense0" + LAMBDA));
            }
            case KWTA -> {
                SDVariable w1 = sd.var("dense0_W", dw0);
                SDVariable b1 = sd.var("dense0_b", Nd4j.zeros(dtype, hidden));
                yield KWinnersTakeAll.apply(sd, FEATURES, sd.nn.linear("dense0", flatX, w1, b1), spec.kwtaRatio(),
                        hidden, -1, hidden);
            }
        };
        SDVariable w2 = sd.var("out_W", normal(rng, Math.sqrt(1.0 / hidden), dtype, hidden, k));
        SDVariable b2 = sd.var("out_b", Nd4j.zeros(dtype, k));
        SDVariable logits = sd.nn.linear(LOGITS, features, w2, b2);

        SDVariable labels = sd.placeHolder(LABELS, dtype, -1, k);
        SDVariable upstream = sd.placeHolder(UPSTREAM, dtype, -1, k);
        // -sum_k labels[n,k] log softmax(z)[n,k] = sum(labels) * logSumExp(z) - sum(labels ⊙ z), zero for an
        // all-zero label row. Written out because, in M2.1, nn.logSoftmax cannot be cloned (so no gradient
        // function), loss.softmaxCrossEntropy with reduction NONE ignores the incoming gradient in backprop
        // and math.logSumExp's backprop fails on a reshape.
        SDVariable max = logits.max("maxLogit", true, 1);
        SDVariable lse = sd.math.log(sd.math.exp(logits.sub(max)).sum(1)).add("logSumExp", sd.reshape(max, -1));
        SDVariable ce = labels.sum(1).mul(lse).sub(CE_SAMPLE, labels.mul(logits).sum(1));
        SDVariable lin = upstream.mul(logits).sum(LINEAR_SAMPLE, 1);
        SDVariable sample = ce.add(SAMPLE_LOSS, lin);
        sample.sum(OBJECTIVE);
        ce.mean(TRAIN_LOSS);
        sd.setLossVariables(OBJECTIVE);
        return sd;
    }

    /**
     * The threshold of a coding layer {@code p}: trainable {@code p_theta}, {@code p_lambda = softplus(θ) ≥ 0}
     * and {@code p_bias = −λ ≤ 0}, returned. θ starts at {@code softplus⁻¹(}{@value #LAMBDA_INIT}{@code )}.
     */
    private static SDVariable nonPositiveBias(SameDiff sd, String p, int channels, DataType dtype) {
        SDVariable theta = sd.var(p + "_theta", Nd4j.valueArrayOf(new long[] {channels},
                Thresholds.inverseSoftplus(LAMBDA_INIT), dtype));
        SDVariable lambda = Thresholds.nonNegative(sd, p + LAMBDA, theta);
        return lambda.neg(p + BIAS);
    }

    /** λ of layer {@code p}, reshaped to broadcast over axis 1 for NCHW. */
    private static SDVariable lambdaFor(SameDiff sd, String p, boolean nhwc) {
        SDVariable lambda = sd.getVariable(p + LAMBDA);
        return nhwc ? lambda : sd.reshape(lambda, 1, -1, 1, 1);
    }

    private static INDArray normal(SplittableRandom rng, double std, DataType dtype, long... shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        double[] v = new double[Math.toIntExact(n)];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextGaussian() * std;
        }
        return Nd4j.create(v, shape, DataType.DOUBLE).castTo(dtype);
    }

    /** Number of values in the graph's trainable variables. */
    public static long parameterCount(SameDiff sd) {
        long n = 0;
        for (SDVariable v : sd.variables()) {
            if (v.getVariableType() == org.nd4j.autodiff.samediff.VariableType.VARIABLE) {
                n += v.getArr().length();
            }
        }
        return n;
    }
}
