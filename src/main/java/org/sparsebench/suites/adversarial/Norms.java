package org.sparsebench.suites.adversarial;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.sparsebench.api.Bounds;
import org.sparsebench.api.ConfigException;

/** Per-sample norms and projections for the L∞ and L2 threat models. */
public final class Norms {
    public static final String LINF = "linf";
    public static final String L2 = "l2";

    private Norms() {
    }

    public static String check(String norm, String where) {
        String n = norm.toLowerCase();
        if (!n.equals(LINF) && !n.equals(L2)) {
            throw new ConfigException(where + ": unknown norm '" + norm + "', expected linf or l2");
        }
        return n;
    }

    /** Per-sample norm of {@code d} ({@code [N, ...]}) as a {@code [N]} vector. */
    public static INDArray norm(INDArray d, String norm) {
        INDArray flat = d.reshape(d.size(0), -1);
        return LINF.equals(norm) ? Transforms.abs(flat, true).max(1) : flat.norm2(1);
    }

    /** Projects {@code xAdv} onto the ε-ball around {@code x} in {@code norm} and into the bounds. */
    public static INDArray project(INDArray x, INDArray xAdv, double epsilon, String norm, Bounds bounds) {
        INDArray d = xAdv.sub(x);
        if (LINF.equals(norm)) {
            d = Transforms.min(Transforms.max(d, -epsilon, false), epsilon, false);
        } else {
            INDArray n = norm(d, L2);
            // scale = min(1, ε / ‖d‖₂), safe for ‖d‖ = 0
            INDArray scale = Transforms.min(Nd4j.ones(n.dataType(), n.shape()).muli(epsilon).divi(n.add(1e-12)), 1.0,
                    false);
            long[] shape = new long[d.rank()];
            java.util.Arrays.fill(shape, 1);
            shape[0] = d.size(0);
            d = d.mul(scale.reshape(shape));
        }
        INDArray out = x.add(d);
        return Transforms.min(Transforms.max(out, bounds.lower(), false), bounds.upper(), false);
    }
}
