package org.sparsebench.bench;

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
import org.sparsebench.api.InputShape;
import org.sparsebench.models.SameDiffCnn;

/**
 * The workload of {@code ../shared/bench/torch_reference.py} as a SameDiff graph: on 1×28×28 float32,
 * conv 5×5×20 (VALID), ReLU, max-pool 2, conv 5×5×50 (VALID), ReLU, max-pool 2, dense 800→500, ReLU,
 * dense 500→10 (431,080 parameters, as {@code torch.nn} counts them). The graph uses the placeholder
 * and output names of {@link SameDiffCnn} (input, labels, upstream → logits, features, sampleLoss,
 * objective, trainLoss), so {@link org.sparsebench.models.SameDiffModel} runs it exactly as it runs
 * a zoo model. Convolutions run in NHWC when {@code nhwc} (the input is permuted once). Weights and
 * biases are drawn as PyTorch's default initialisation does, {@code U(−1/√fanIn, 1/√fanIn)}, from a
 * {@link SplittableRandom} seeded with {@code seed}.
 */
public final class ReferenceLeNet {
    public static final InputShape INPUT_SHAPE = new InputShape(1, 28, 28);
    public static final int CLASSES = 10;

    private ReferenceLeNet() {
    }

    public static SameDiff build(long seed, DataType dtype, boolean nhwc) {
        SplittableRandom rng = new SplittableRandom(seed);
        SameDiff sd = SameDiff.create();
        sd.setEnableCache(false);
        SDVariable input = sd.placeHolder(SameDiffCnn.INPUT, dtype, -1, 1, 28, 28);
        SDVariable x = nhwc ? sd.permute("toNhwc", input, 0, 2, 3, 1) : input;
        int in = 1;
        int[] channels = {20, 50};
        for (int i = 0; i < channels.length; i++) {
            int out = channels[i];
            int fanIn = 25 * in;
            SDVariable w = sd.var("conv" + i + "_W", uniform(rng, fanIn, dtype, 5, 5, in, out));
            SDVariable b = sd.var("conv" + i + "_b", uniform(rng, fanIn, dtype, out));
            x = sd.cnn.conv2d("conv" + i, x, w, b, Conv2DConfig.builder().kH(5).kW(5).sH(1).sW(1).dH(1).dW(1)
                    .paddingMode(PaddingMode.VALID).dataFormat(nhwc ? "NHWC" : "NCHW").build());
            x = sd.nn.relu("relu" + i, x, 0);
            x = sd.cnn.maxPooling2d("pool" + i, x, Pooling2DConfig.builder().kH(2).kW(2).sH(2).sW(2).dH(1).dW(1)
                    .paddingMode(PaddingMode.VALID).type(Pooling2D.Pooling2DType.MAX).isNHWC(nhwc).build());
            in = out;
        }
        SDVariable flat = sd.reshape("flatten", x, -1, 800);
        SDVariable w1 = sd.var("dense0_W", uniform(rng, 800, dtype, 800, 500));
        SDVariable b1 = sd.var("dense0_b", uniform(rng, 800, dtype, 500));
        SDVariable features = sd.nn.relu(SameDiffCnn.FEATURES, sd.nn.linear("dense0", flat, w1, b1), 0);
        SDVariable w2 = sd.var("out_W", uniform(rng, 500, dtype, 500, CLASSES));
        SDVariable b2 = sd.var("out_b", uniform(rng, 500, dtype, CLASSES));
        SDVariable logits = sd.nn.linear(SameDiffCnn.LOGITS, features, w2, b2);

        // The loss tail of SameDiffCnn (cross-entropy written out: see the M2.1 notes there).
        SDVariable labels = sd.placeHolder(SameDiffCnn.LABELS, dtype, -1, CLASSES);
        SDVariable upstream = sd.placeHolder(SameDiffCnn.UPSTREAM, dtype, -1, CLASSES);
        SDVariable max = logits.max("maxLogit", true, 1);
        SDVariable lse = sd.math.log(sd.math.exp(logits.sub(max)).sum(1)).add("logSumExp", sd.reshape(max, -1));
        SDVariable ce = labels.sum(1).mul(lse).sub(SameDiffCnn.CE_SAMPLE, labels.mul(logits).sum(1));
        SDVariable lin = upstream.mul(logits).sum(SameDiffCnn.LINEAR_SAMPLE, 1);
        SDVariable sample = ce.add(SameDiffCnn.SAMPLE_LOSS, lin);
        sample.sum(SameDiffCnn.OBJECTIVE);
        ce.mean(SameDiffCnn.TRAIN_LOSS);
        sd.setLossVariables(SameDiffCnn.OBJECTIVE);
        return sd;
    }

    private static INDArray uniform(SplittableRandom rng, int fanIn, DataType dtype, long... shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        double bound = 1.0 / Math.sqrt(fanIn);
        double[] v = new double[Math.toIntExact(n)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (2 * rng.nextDouble() - 1) * bound;
        }
        return Nd4j.create(v, shape, DataType.DOUBLE).castTo(dtype);
    }
}
