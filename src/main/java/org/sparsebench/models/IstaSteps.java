package org.sparsebench.models;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparsebench.sparse.ConvDictionary;

/**
 * The ISTA step sizes of an {@link Variant#ISTA} graph: {@code η = }{@value #SAFETY}{@code /‖D‖²} per
 * conv layer, ‖D‖² by power iteration on the layer's current filters at the layer's input size.
 * η is a graph constant ({@code conv<i>_eta}), i.e. a stop-gradient: training differentiates the
 * unrolled iterations for fixed η, and {@link #track} re-estimates it after every optimizer step
 * (warm-started, so a few power steps suffice) so the iteration stays convergent while the filters
 * move. A checkpoint's η comes from {@link #recompute} (cold start, converged) on its final filters.
 * The safety factor covers the power iteration's estimate approaching ‖D‖² from below.
 */
public final class IstaSteps {
    public static final double SAFETY = 0.9;
    static final int COLD_ITERATIONS = 300;
    static final int WARM_ITERATIONS = 3;

    private final SameDiff sd;
    private final CnnSpec spec;
    private final List<ConvDictionary.PowerIteration> power = new ArrayList<>();

    private IstaSteps(SameDiff sd, CnnSpec spec) {
        this.sd = sd;
        this.spec = spec;
        for (int i = 0; i < spec.convChannels().size(); i++) {
            ConvDictionary.PowerIteration p = new ConvDictionary.PowerIteration(dictionary(sd, i),
                    spec.input().height() >> i, spec.input().width() >> i, i);
            p.run(COLD_ITERATIONS, 1e-7);
            power.add(p);
        }
    }

    /** A tracker for a training graph (cold estimates now, warm updates in {@link #update}). */
    public static IstaSteps track(SameDiff sd, CnnSpec spec) {
        return new IstaSteps(sd, spec).assign();
    }

    /** Re-estimates ‖D‖² from the current filters ({@value #WARM_ITERATIONS} warm power steps) and sets η. */
    public IstaSteps update() {
        for (int i = 0; i < power.size(); i++) {
            power.get(i).restart(dictionary(sd, i)).run(WARM_ITERATIONS, 0);
        }
        return assign();
    }

    /** Sets every layer's η of {@code sd} from converged power iterations on its current filters. */
    public static void recompute(SameDiff sd, CnnSpec spec) {
        new IstaSteps(sd, spec).assign();
    }

    /** η for a dictionary on {@code h×w} inputs (cold power iteration seeded with the layer index). */
    static double step(ConvDictionary d, int h, int w, int layer) {
        return SAFETY / d.normSquared(h, w, COLD_ITERATIONS, layer);
    }

    /** Current η of every conv layer. */
    public double[] steps() {
        double[] e = new double[power.size()];
        for (int i = 0; i < e.length; i++) {
            e[i] = sd.getArrForVarName("conv" + i + SameDiffCnn.ETA).getDouble(0);
        }
        return e;
    }

    private IstaSteps assign() {
        for (int i = 0; i < power.size(); i++) {
            sd.getArrForVarName("conv" + i + SameDiffCnn.ETA).assign(SAFETY / power.get(i).estimate());
        }
        return this;
    }

    /** Layer i's filters as an OIHW dictionary. */
    static ConvDictionary dictionary(SameDiff sd, int layer) {
        INDArray w = sd.getArrForVarName("conv" + layer + "_W"); // [kH, kW, in, out]
        return ConvDictionary.of(w.permute(3, 2, 0, 1));
    }
}
