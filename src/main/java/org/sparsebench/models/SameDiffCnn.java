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
        int in = c;
        for (int i = 0; i < spec.convChannels().size(); i++) {
            int out = spec.convChannels().get(i);
            int fanIn = spec.kernel() * spec.kernel() * in;
            SDVariable wt = sd.var("conv" + i + "_W", normal(rng, Math.sqrt(2.0 / fanIn), dtype,
                    spec.kernel(), spec.kernel(), in, out));
            SDVariable b = sd.var("conv" + i + "_b", Nd4j.zeros(dtype, out));
            Conv2DConfig conv = Conv2DConfig.builder()
                    .kH(spec.kernel()).kW(spec.kernel()).sH(1).sW(1).dH(1).dW(1)
                    .paddingMode(PaddingMode.SAME)
                    .dataFormat(nhwc ? "NHWC" : "NCHW")
                    .build();
            x = sd.cnn.conv2d("conv" + i, x, wt, b, conv);
            x = sd.nn.relu("relu" + i, x, 0);
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
        SDVariable flatX = sd.reshape("flatten", x, -1, flat);
        SDVariable w1 = sd.var("dense0_W", normal(rng, Math.sqrt(2.0 / flat), dtype, flat, spec.hiddenUnits()));
        SDVariable b1 = sd.var("dense0_b", Nd4j.zeros(dtype, spec.hiddenUnits()));
        SDVariable features = sd.nn.relu(FEATURES, sd.nn.linear("dense0", flatX, w1, b1), 0);
        SDVariable w2 = sd.var("out_W", normal(rng, Math.sqrt(1.0 / spec.hiddenUnits()), dtype, spec.hiddenUnits(), k));
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
