package org.sparsebench.suites.adversarial;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.sparsebench.api.Bounds;
import org.sparsebench.api.ConfigException;
import org.sparsebench.data.Floats;

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
        if (x.dataType() == DataType.FLOAT && xAdv.dataType() == DataType.FLOAT
                && java.util.Arrays.equals(x.shape(), xAdv.shape()) && x.rank() >= 1 && x.length() > 0) {
            return projectOnHost(x, xAdv, epsilon, norm, bounds);
        }
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

    /**
     * {@link #project} for float32 arrays in one pass over host copies instead of six native ops: the
     * same float operations in the same order (difference, clamp to ±ε or scale by the row's
     * {@code min(1, ε/(‖d‖₂ + 1e-12))} with the norm and scale computed by ND4J as before, sum,
     * clamp to the bounds), so the same bits.
     */
    private static INDArray projectOnHost(INDArray x, INDArray xAdv, double epsilon, String norm, Bounds bounds) {
        float[] base = Floats.scratch(x, 0);
        float[] v = Floats.scratch(xAdv, 1);
        int len = (int) x.length();
        int n = (int) x.size(0);
        int per = len / n;
        float lo = (float) bounds.lower();
        float hi = (float) bounds.upper();
        if (LINF.equals(norm)) {
            float e = (float) epsilon;
            float minusE = (float) -epsilon;
            for (int k = 0; k < len; k++) {
                float d = Math.min(Math.max(v[k] - base[k], minusE), e);
                v[k] = Math.min(Math.max(base[k] + d, lo), hi);
            }
        } else {
            for (int k = 0; k < len; k++) {
                v[k] = v[k] - base[k];
            }
            INDArray d = Floats.array(v, len, new long[] {n, per});
            INDArray nrm = d.norm2(1);
            float[] scale = Floats.of(Transforms.min(Nd4j.ones(nrm.dataType(), nrm.shape()).muli(epsilon)
                    .divi(nrm.add(1e-12)), 1.0, false));
            for (int i = 0; i < n; i++) {
                float s = scale[i];
                for (int k = i * per; k < (i + 1) * per; k++) {
                    v[k] = Math.min(Math.max(base[k] + v[k] * s, lo), hi);
                }
            }
        }
        return Floats.array(v, len, xAdv.shape());
    }
}
