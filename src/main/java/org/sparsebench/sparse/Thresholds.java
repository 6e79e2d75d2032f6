package org.sparsebench.sparse;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * The thresholding steps of sparse coding as SameDiff graph code, and the reparametrization that
 * keeps a threshold non-negative. For an orthogonal dictionary D and {@code z = Dᵀx}:
 * <ul>
 *   <li>{@code argmin_a ½‖x − D a‖² + λ‖a‖₁ = soft(z, λ) = sign(z)·max(|z| − λ, 0)} (Laplacian prior);</li>
 *   <li>{@code argmin_{a ≥ 0} ½‖x − D a‖² + λᵀa = max(z − λ, 0) = ReLU(z + b)} with {@code b = −λ}
 *       (exponential prior): a ReLU layer is a sparse-coding step only while its bias is ≤ 0.</li>
 * </ul>
 * Every op used has an exact backward pass in SameDiff M2.1.
 */
public final class Thresholds {
    private Thresholds() {
    }

    /** {@code λ = softplus(θ) = log(1 + e^θ) > 0}: a threshold that cannot become negative during training. */
    public static SDVariable nonNegative(SameDiff sd, String name, SDVariable theta) {
        return sd.nn.softplus(name, theta);
    }

    /** The θ with {@code softplus(θ) = lambda} ({@code lambda > 0}), for initializing a reparametrized threshold. */
    public static double inverseSoftplus(double lambda) {
        if (!(lambda > 0)) {
            throw new IllegalArgumentException("lambda must be > 0, got " + lambda);
        }
        return lambda > 30 ? lambda : Math.log(Math.expm1(lambda));
    }

    /** Non-negative thresholding {@code max(z − λ, 0)}; {@code lambda} broadcasts over the last axis of z. */
    public static SDVariable nonNegativeSoft(SameDiff sd, String name, SDVariable z, SDVariable lambda) {
        return sd.nn.relu(name, z.sub(lambda), 0);
    }

    /**
     * Two-sided soft thresholding {@code sign(z)·max(|z| − λ, 0)}, written as
     * {@code ReLU(z − λ) − ReLU(−z − λ)} (equal for λ ≥ 0, and differentiable wherever |z| ≠ λ).
     */
    public static SDVariable soft(SameDiff sd, String name, SDVariable z, SDVariable lambda) {
        SDVariable pos = sd.nn.relu(z.sub(lambda), 0);
        SDVariable neg = sd.nn.relu(z.neg().sub(lambda), 0);
        return pos.sub(name, neg);
    }
}
