package org.sparsebench.suites.adversarial;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparsebench.api.Attack;
import org.sparsebench.api.AttackFactory;
import org.sparsebench.api.Gradient;
import org.sparsebench.api.Loss;
import org.sparsebench.api.Model;
import org.sparsebench.api.Params;

/**
 * Auto-PGD (Croce &amp; Hein 2020): PGD with momentum 0.75, initial step 2ε, and checkpoints
 * {@code w_j = ⌈p_j·N⌉} ({@code p_0 = 0, p_1 = 0.22, p_{j+1} = p_j + max(p_j − p_{j−1} − 0.03, 0.06)})
 * at which a sample's step size is halved and its iterate reset to its best point when fewer than
 * ρ = 0.75 of the steps since the last checkpoint raised its loss, or when the step size was not
 * halved at the last checkpoint and the best loss has not improved since. Losses: cross-entropy
 * ({@code apgd-ce}), DLR ({@code apgd-dlr}) and targeted DLR over the top {@code targets} classes
 * ({@code apgd-t}). A sample stops once misclassified.
 *
 * <p>Cost: CE is one {@link Model#gradient} call per step. DLR is a loss of the logits the model
 * does not compute in-graph: each step runs a forward pass for the logits, derives ∂DLR/∂z in Java
 * and gets ∇ₓ via {@link Loss#linear} (an extra forward, ~20% of a step). The logits of the previous
 * gradient call are at the previous iterate, so they cannot stand in for the new point's.
 */
public final class Apgd extends FixedEpsilonAttack {

    /** The loss maximized. */
    public enum Kind {
        CE("apgd-ce"), DLR("apgd-dlr"), TARGETED_DLR("apgd-t");

        final String id;

        Kind(String id) {
            this.id = id;
        }
    }

    private static final double MOMENTUM = 0.75;
    private static final double RHO = 0.75;

    private final Kind kind;
    private final int steps;
    private final int restarts;
    private final int targets;
    private final long seed;

    public Apgd(String norm, Kind kind, int steps, int restarts, int targets, long seed) {
        super(norm);
        if (steps < 1 || restarts < 1 || targets < 1) {
            throw new IllegalArgumentException("steps, restarts and targets must be >= 1");
        }
        this.kind = kind;
        this.steps = steps;
        this.restarts = restarts;
        this.targets = targets;
        this.seed = seed;
    }

    /** Checkpoint iterations {@code w_1 < w_2 < …} for {@code n} steps (AutoAttack's integer form). */
    static List<Integer> checkpoints(int n) {
        List<Integer> out = new ArrayList<>();
        int w = Math.max((int) (0.22 * n), 1);
        int decrease = Math.max((int) (0.03 * n), 1);
        int min = Math.max((int) (0.06 * n), 1);
        int at = w;
        while (at <= n) {
            out.add(at);
            w = Math.max(w - decrease, min);
            at += w;
        }
        return out;
    }

    @Override
    protected INDArray perturb(Model model, INDArray x, int[] y, double eps, long[] seeds) {
        long[] shape = x.shape();
        INDArray x0 = Rows.flat(x);
        INDArray out = x0.dup();
        boolean[] fooled = new boolean[y.length];
        int k = model.numClasses();
        if (k < (kind == Kind.CE ? 2 : kind == Kind.DLR ? 3 : 4)) {
            throw new IllegalArgumentException(this + " needs at least " + (kind == Kind.DLR ? 3 : 4)
                    + " classes (the DLR denominator uses the 3rd/4th largest logit), the model has " + k);
        }
        int[][] order = null;
        if (kind == Kind.TARGETED_DLR) {
            double[][] z = Rows.host(model.logits(x));
            order = new int[y.length][];
            for (int i = 0; i < y.length; i++) {
                int[] o = Rows.order(z[i]);
                int yi = y[i];
                order[i] = java.util.Arrays.stream(o).filter(c -> c != yi).toArray();
            }
        }
        int rounds = kind == Kind.TARGETED_DLR ? Math.min(targets, k - 1) : 1;
        for (int t = 0; t < rounds; t++) {
            for (int r = 0; r < restarts; r++) {
                int[] act = Rows.where(fooled, false);
                if (act.length == 0) {
                    return Rows.image(out, shape);
                }
                int[] target = null;
                if (order != null) {
                    target = new int[act.length];
                    for (int i = 0; i < act.length; i++) {
                        target[i] = order[act[i]][t];
                    }
                }
                long[] s = Rows.take(seeds, act);
                for (int i = 0; i < s.length; i++) {
                    s[i] = Rows.derive(s[i] ^ seed, (long) t * 1_000_003L + r);
                }
                boolean[] hit = single(model, shape, Rows.take(x0, act), Rows.take(y, act), target, eps, s, out, act);
                for (int i = 0; i < act.length; i++) {
                    fooled[act[i]] |= hit[i];
                }
            }
        }
        return Rows.image(out, shape);
    }

    /** Per-sample loss, its input gradient and the logits at {@code xa}. */
    private record Eval(double[] loss, INDArray grad, int[] pred) {
    }

    private Eval eval(Model model, long[] shape, INDArray xa, int[] y, int[] target) {
        INDArray img = Rows.image(xa, shape);
        if (kind == Kind.CE) {
            Gradient g = model.gradient(img, Loss.crossEntropy(y));
            return new Eval(g.loss().toDoubleVector(), Rows.flat(g.inputGradient()), Rows.predict(model.id(), g.logits()));
        }
        INDArray logits = model.logits(img);
        int[] pred = Rows.predict(model.id(), logits);
        double[][] z = Rows.host(logits);
        double[] loss = new double[y.length];
        double[][] w = new double[y.length][];
        for (int i = 0; i < y.length; i++) {
            w[i] = new double[z[i].length];
            loss[i] = target == null ? dlr(z[i], y[i], w[i]) : targetedDlr(z[i], y[i], target[i], w[i]);
        }
        Gradient g = model.gradient(img, Loss.linear(Nd4j.create(w).castTo(logits.dataType())));
        return new Eval(loss, Rows.flat(g.inputGradient()), pred);
    }

    /**
     * DLR = −(z_y − max_{j≠y} z_j) / (z_π1 − z_π3 + 1e-12), π the classes by decreasing logit; writes
     * ∂DLR/∂z into {@code w}.
     */
    static double dlr(double[] z, int y, double[] w) {
        int[] pi = Rows.order(z);
        int m = pi[0] == y ? pi[1] : pi[0];
        double d = z[pi[0]] - z[pi[2]] + 1e-12;
        double num = z[y] - z[m];
        w[y] -= 1 / d;
        w[m] += 1 / d;
        double c = num / (d * d);
        w[pi[0]] += c;
        w[pi[2]] -= c;
        return -num / d;
    }

    /** Targeted DLR = −(z_y − z_t) / (z_π1 − (z_π3 + z_π4)/2 + 1e-12); writes ∂/∂z into {@code w}. */
    static double targetedDlr(double[] z, int y, int t, double[] w) {
        int[] pi = Rows.order(z);
        double d = z[pi[0]] - 0.5 * (z[pi[2]] + z[pi[3]]) + 1e-12;
        double num = z[y] - z[t];
        w[y] -= 1 / d;
        w[t] += 1 / d;
        double c = num / (d * d);
        w[pi[0]] += c;
        w[pi[2]] -= 0.5 * c;
        w[pi[3]] -= 0.5 * c;
        return -num / d;
    }

    /**
     * One APGD run on rows {@code base} (positions {@code pos} of {@code out}); writes each row's first
     * adversarial point, or its best-loss point, into {@code out}. Returns which rows were fooled.
     */
    private boolean[] single(Model model, long[] shape, INDArray base, int[] y, int[] target, double eps, long[] seeds,
            INDArray out, int[] pos) {
        int n = y.length;
        boolean[] fooledAll = new boolean[n];
        int[] idx = Rows.range(n); // row i of the working arrays is sample idx[i]
        INDArray xAdv = Norms.project(base, base.add(Rows.randomInBall(norm(), eps, (int) base.size(1), seeds)), eps,
                norm(), model.bounds());
        Eval e = eval(model, shape, xAdv, y, target);
        INDArray grad = e.grad();
        INDArray xBest = xAdv.dup();
        INDArray gradBest = grad.dup();
        double[] lossBest = e.loss().clone();
        double[] prevLoss = e.loss().clone();
        double[] lossAtCheck = lossBest.clone();
        boolean[] reducedAtCheck = new boolean[n];
        int[] increases = new int[n];
        double[] eta = new double[n];
        java.util.Arrays.fill(eta, 2 * eps);
        INDArray xPrev = xAdv.dup();
        List<Integer> checks = checkpoints(steps);
        int nextCheck = 0;
        int lastCheckAt = 0;
        int[] pred = e.pred();
        for (int step = 0;; step++) {
            boolean[] hit = new boolean[idx.length];
            for (int i = 0; i < idx.length; i++) {
                hit[i] = pred[i] != y[idx[i]];
                if (hit[i]) {
                    out.putRow(pos[idx[i]], xAdv.getRow(i));
                    fooledAll[idx[i]] = true;
                }
            }
            int[] keep = Rows.where(hit, false);
            if (step == steps || keep.length == 0) {
                for (int i : keep) {
                    out.putRow(pos[idx[i]], xBest.getRow(i));
                }
                return fooledAll;
            }
            if (keep.length < idx.length) {
                idx = Rows.take(idx, keep);
                base = Rows.take(base, keep);
                xAdv = Rows.take(xAdv, keep);
                xPrev = Rows.take(xPrev, keep);
                xBest = Rows.take(xBest, keep);
                grad = Rows.take(grad, keep);
                gradBest = Rows.take(gradBest, keep);
                lossBest = Rows.take(lossBest, keep);
                prevLoss = Rows.take(prevLoss, keep);
                lossAtCheck = Rows.take(lossAtCheck, keep);
                reducedAtCheck = Rows.take(reducedAtCheck, keep);
                increases = Rows.take(increases, keep);
                eta = Rows.take(eta, keep);
            }
            // z = P(x + η·dir(∇)); x' = P(x + a(z − x) + (1 − a)(x − x_prev)), a = 1 on the first step.
            INDArray z = Norms.project(base, xAdv.add(Rows.direction(grad, norm()).mulColumnVector(Rows.column(eta))),
                    eps, norm(), model.bounds());
            double a = step == 0 ? 1.0 : MOMENTUM;
            INDArray next = xAdv.add(z.subi(xAdv).muli(a)).addi(xAdv.sub(xPrev).muli(1 - a));
            xPrev = xAdv;
            xAdv = Norms.project(base, next, eps, norm(), model.bounds());
            int[] ys = Rows.take(y, idx);
            e = eval(model, shape, xAdv, ys, target == null ? null : Rows.take(target, idx));
            grad = e.grad();
            pred = e.pred();
            double[] loss = e.loss();
            boolean[] improved = new boolean[idx.length];
            for (int i = 0; i < idx.length; i++) {
                increases[i] += loss[i] > prevLoss[i] ? 1 : 0;
                prevLoss[i] = loss[i];
                improved[i] = loss[i] > lossBest[i];
                if (improved[i]) {
                    lossBest[i] = loss[i];
                }
            }
            Rows.blend(xBest, xAdv, improved);
            Rows.blend(gradBest, grad, improved);
            if (nextCheck < checks.size() && step + 1 == checks.get(nextCheck)) {
                int window = checks.get(nextCheck) - lastCheckAt;
                boolean[] reduce = new boolean[idx.length];
                for (int i = 0; i < idx.length; i++) {
                    boolean fewIncreases = increases[i] < RHO * window;
                    boolean stalled = !reducedAtCheck[i] && lossAtCheck[i] >= lossBest[i];
                    reduce[i] = fewIncreases || stalled;
                    reducedAtCheck[i] = reduce[i];
                    lossAtCheck[i] = lossBest[i];
                    increases[i] = 0;
                    if (reduce[i]) {
                        eta[i] /= 2;
                    }
                }
                // Restart from the best point: its gradient is known, so the next step needs no extra pass.
                Rows.blend(xAdv, xBest, reduce);
                Rows.blend(grad, gradBest, reduce);
                lastCheckAt = checks.get(nextCheck);
                nextCheck++;
            }
        }
    }

    @Override
    public String toString() {
        String name = switch (kind) {
            case CE -> "ApgdCe";
            case DLR -> "ApgdDlr";
            case TARGETED_DLR -> "ApgdT";
        };
        return (Norms.LINF.equals(norm()) ? "Linf" : "L2") + name + "(norm=" + norm() + ", steps=" + steps
                + ", restarts=" + restarts + (kind == Kind.TARGETED_DLR ? ", targets=" + targets : "") + ", seed="
                + seed + ")";
    }

    /** Suite-file entries {@code apgd-ce}, {@code apgd-dlr}, {@code apgd-t}. */
    abstract static class BaseFactory implements AttackFactory {
        private final Kind kind;

        BaseFactory(Kind kind) {
            this.kind = kind;
        }

        @Override
        public String name() {
            return kind.id;
        }

        @Override
        public Attack create(Params p) {
            int targets = kind == Kind.TARGETED_DLR ? p.integer("targets", 9, 1, 1000) : 1;
            return new Apgd(Options.norm(p), kind, p.integer("steps", 100, 1, 100_000),
                    p.integer("restarts", 1, 1, 1000), targets, Options.seed(p));
        }
    }

    public static final class CeFactory extends BaseFactory {
        public CeFactory() {
            super(Kind.CE);
        }

        @Override
        public String description() {
            return "Auto-PGD on the cross-entropy (Croce & Hein 2020), L-inf / L2";
        }
    }

    public static final class DlrFactory extends BaseFactory {
        public DlrFactory() {
            super(Kind.DLR);
        }

        @Override
        public String description() {
            return "Auto-PGD on the difference-of-logits-ratio loss (Croce & Hein 2020), L-inf / L2";
        }
    }

    public static final class TargetedFactory extends BaseFactory {
        public TargetedFactory() {
            super(Kind.TARGETED_DLR);
        }

        @Override
        public String description() {
            return "Auto-PGD, targeted DLR over the top-k other classes (AutoAttack's APGD-T), L-inf / L2";
        }
    }
}
