package org.sparsebench.sparse;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.StopGradient;

/**
 * k-winners-take-all (Xiao, Zhong and Zheng, "Enhancing Adversarial Defense by k-Winners-Take-All",
 * ICLR 2020) as SameDiff graph code: per sample, the {@code k = max(1, round(ratio·M))} largest of
 * the layer's M activations pass unchanged, all others become 0. It replaces the ReLU.
 *
 * <p>The k-th largest value is found by bisection on {@code [min, max]} of each sample
 * ({@value #BISECTION_STEPS} halvings, so the threshold is within {@code (max − min)·2⁻¹⁶} below
 * it): SameDiff M2.1's {@code top_k} cannot be used, its Java wrapper passes the {@code sorted} flag
 * where the op reads k (so k is always 1) and it has no backward pass. Values tied with the k-th
 * largest (within that resolution) are all kept. The threshold is a stop-gradient: the gradient is
 * the mask, which is the derivative of k-WTA wherever the winner set does not change — the
 * discontinuities at a change are exactly what makes k-WTA mask gradients for attacks.
 */
public final class KWinnersTakeAll {
    public static final int BISECTION_STEPS = 16;

    private KWinnersTakeAll() {
    }

    /** Number of winners among {@code size} activations. */
    public static long winners(double ratio, long size) {
        return Math.max(1, Math.round(ratio * size));
    }

    /**
     * k-WTA over all non-batch axes of {@code x}, whose per-sample shape has {@code size} values.
     *
     * @param shape the full shape of x with -1 for the batch axis, to restore it after flattening
     */
    public static SDVariable apply(SameDiff sd, String name, SDVariable x, double ratio, long size, long... shape) {
        double k = winners(ratio, size);
        DataType dt = x.dataType();
        SDVariable flat = sd.reshape(name + "_flat", x, -1, size);
        SDVariable frozen = new StopGradient(sd, flat).outputVariable();
        SDVariable lo = frozen.min(true, 1);
        SDVariable hi = frozen.max(true, 1);
        for (int i = 0; i < BISECTION_STEPS; i++) {
            SDVariable mid = lo.add(hi).mul(0.5);
            SDVariable count = sd.castTo(frozen.gte(mid), dt).sum(true, 1);
            SDVariable ok = sd.castTo(count.gte(k), dt); // 1 where at least k values are >= mid
            lo = lo.add(ok.mul(mid.sub(lo)));
            hi = mid.add(ok.mul(hi.sub(mid)));
        }
        SDVariable mask = sd.castTo(name + "_mask", frozen.gte(lo), dt);
        SDVariable out = flat.mul(mask);
        return sd.reshape(name, out, shape);
    }
}
