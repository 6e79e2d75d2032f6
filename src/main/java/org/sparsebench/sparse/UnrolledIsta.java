package org.sparsebench.sparse;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;

/**
 * A convolution layer that computes the non-negative sparse code of its input with K unrolled ISTA
 * steps, as SameDiff graph code. The layer's own filters W ({@code [kH, kW, in, out]}) are the
 * dictionary: {@code Dᵀx} is the SAME-padded stride-1 convolution with W and {@code D a} its
 * adjoint, the convolution with the spatially flipped, in/out-transposed kernel
 * ({@link #adjointKernel}; exact for odd kernels, where SAME padding is symmetric). With
 * {@code z = Dᵀx}:
 * <pre>
 *   a₀ = ReLU(conv(x, W) − λ)                    (the standard conv + ReLU layer, bias b = −λ)
 *   a_{k+1} = ReLU(a_k + η (z − Dᵀ D a_k) − η λ)  k = 0 … K−1
 * </pre>
 * which is projected proximal gradient descent on {@code F(a) = ½‖x − D a‖² + Σ λ_c a, a ≥ 0}; for
 * {@code η ≤ 1/‖D‖²} F never increases. a₀ is built with the same op as the plain layer
 * (conv2d with bias, then ReLU), so K = 0 reproduces it bit for bit. Plain ISTA rather than FISTA:
 * FISTA's momentum makes F non-monotone, and the monotone decrease is what the diagnostics report.
 * All ops (conv2d, reverse, permute, ReLU, arithmetic) have exact backward passes, so training and
 * attacks see the true gradient of the unrolled computation (η is a constant of the graph).
 */
public final class UnrolledIsta {
    private UnrolledIsta() {
    }

    /** The SAME, stride-1 convolution config of a {@code kernel×kernel} layer. */
    public static Conv2DConfig sameConv(int kernel, boolean nhwc) {
        return Conv2DConfig.builder()
                .kH(kernel).kW(kernel).sH(1).sW(1).dH(1).dW(1)
                .paddingMode(PaddingMode.SAME)
                .dataFormat(nhwc ? "NHWC" : "NCHW")
                .build();
    }

    /** {@code [kH, kW, in, out] → [kH, kW, out, in]} flipped in both spatial axes: convolving with it applies D. */
    public static SDVariable adjointKernel(SameDiff sd, String name, SDVariable w) {
        return sd.permute(name, sd.reverse(w, 0, 1), 0, 1, 3, 2);
    }

    /**
     * Builds the codes {@code a₀ … a_K}. Code {@code k < K} is named {@code prefix + "_code" + k},
     * the last one (the layer's output) {@code outName}.
     *
     * @param x      layer input, NHWC or NCHW as {@code nhwc} says
     * @param w      filters {@code [kH, kW, in, out]}
     * @param bias   {@code −λ}, shape {@code [out]}
     * @param lambda {@code λ ≥ 0}, shape {@code [out]} (used only when K > 0)
     * @param eta    step size, a scalar
     * @return the K + 1 codes, last one is the output
     */
    public static List<SDVariable> codes(SameDiff sd, String prefix, String outName, SDVariable x, SDVariable w,
            SDVariable bias, SDVariable lambda, SDVariable eta, int iterations, int kernel, boolean nhwc) {
        if (iterations < 0) {
            throw new IllegalArgumentException("iterations must be >= 0, got " + iterations);
        }
        Conv2DConfig conv = sameConv(kernel, nhwc);
        List<SDVariable> codes = new ArrayList<>();
        SDVariable a = sd.nn.relu(iterations == 0 ? outName : prefix + "_code0",
                sd.cnn.conv2d(prefix, x, w, bias, conv), 0);
        codes.add(a);
        if (iterations == 0) {
            return codes;
        }
        SDVariable z = sd.cnn.conv2d(prefix + "_z", x, w, conv);
        SDVariable adjoint = adjointKernel(sd, prefix + "_adjoint", w);
        SDVariable etaLambda = lambda.mul(prefix + "_etaLambda", eta);
        if (!nhwc) { // per-channel λ must broadcast over axis 1 of an NCHW tensor
            etaLambda = sd.reshape(etaLambda, 1, -1, 1, 1);
        }
        for (int k = 1; k <= iterations; k++) {
            SDVariable da = sd.cnn.conv2d(prefix + "_Da" + k, a, adjoint, conv);
            SDVariable dtda = sd.cnn.conv2d(prefix + "_DtDa" + k, da, w, conv);
            SDVariable step = a.add(z.sub(dtda).mul(eta)).sub(etaLambda);
            a = sd.nn.relu(k == iterations ? outName : prefix + "_code" + k, step, 0);
            codes.add(a);
        }
        return codes;
    }
}
