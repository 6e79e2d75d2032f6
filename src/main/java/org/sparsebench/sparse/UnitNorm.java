package org.sparsebench.sparse;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Unit-norm filters by reparametrization, {@code w = v / ‖v‖}: the optimizer updates {@code v}
 * freely and the graph only ever sees unit-norm filters, with exact gradients (no projection step
 * that the optimizer does not know about).
 */
public final class UnitNorm {
    private UnitNorm() {
    }

    /**
     * {@code v} divided by its L2 norm over {@code axes} (the axes of one filter: {@code 0, 1, 2} for
     * a {@code [kH, kW, in, out]} kernel, {@code 0} for a {@code [in, out]} dense weight).
     */
    public static SDVariable normalize(SameDiff sd, String name, SDVariable v, int... axes) {
        return v.div(name, v.norm2(true, axes));
    }
}
