package org.sparsebench.suites.adversarial;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparsebench.api.Attack;
import org.sparsebench.api.AttackFactory;
import org.sparsebench.api.Bounds;
import org.sparsebench.api.Gradient;
import org.sparsebench.api.Loss;
import org.sparsebench.api.Model;
import org.sparsebench.api.Params;

/**
 * Targeted FAB, the fast adaptive boundary attack (Croce &amp; Hein 2020) in AutoAttack's FAB-T form:
 * for each of the top {@code targets} other classes t, linearize {@code f = z_t − z_y} at the iterate,
 * project both the iterate and the original onto that hyperplane within the pixel box (the exact
 * box-constrained projection, by bisection on the Lagrange multiplier), step to a convex mix biased
 * towards the original ({@code α ≤ α_max}) with overshoot η, and after every success move back
 * towards the original by β. Keeps each sample's smallest misclassified point. One
 * {@link Loss#linear} gradient plus one forward pass per step; projections run on the host.
 */
public final class Fab extends MinimizationAttack {
    private final int steps;
    private final int restarts;
    private final int targets;
    private final double alphaMax;
    private final double eta;
    private final double beta;
    private final long seed;

    public Fab(String norm, int steps, int restarts, int targets, double alphaMax, double eta, double beta, long seed) {
        super(norm);
        this.steps = steps;
        this.restarts = restarts;
        this.targets = targets;
        this.alphaMax = alphaMax;
        this.eta = eta;
        this.beta = beta;
        this.seed = seed;
    }

    /** AutoAttack's FAB-T defaults: α_max 0.1, η 1.05, β 0.9. */
    public Fab(String norm, int steps, int targets) {
        this(norm, steps, 1, targets, 0.1, 1.05, 0.9, 0);
    }

    @Override
    protected INDArray search(Model model, INDArray x, int[] y, long[] seeds) {
        long[] shape = x.shape();
        boolean linf = Norms.LINF.equals(norm());
        Bounds box = model.bounds();
        int n = y.length;
        int k = model.numClasses();
        double[][] x0 = Rows.flat(x).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).toDoubleMatrix();
        double[][] clean = Rows.host(model.logits(x));
        double[][] best = new double[n][];
        double[] bestNorm = new double[n];
        Arrays.fill(bestNorm, Double.POSITIVE_INFINITY);
        for (int t = 0; t < Math.min(targets, k - 1); t++) {
            int[] target = new int[n];
            for (int i = 0; i < n; i++) {
                int yi = y[i];
                target[i] = Arrays.stream(Rows.order(clean[i])).filter(c -> c != yi).toArray()[t];
            }
            for (int r = 0; r < restarts; r++) {
                double[][] x1 = new double[n][];
                for (int i = 0; i < n; i++) {
                    x1[i] = x0[i].clone();
                    if (r > 0) {
                        double radius = 0.5 * (Double.isFinite(bestNorm[i]) ? bestNorm[i] : 0.1 * (box.upper() - box.lower()));
                        SplittableRandom rnd = new SplittableRandom(Rows.derive(seeds[i] ^ seed, t * 1000L + r));
                        double[] u = new double[x1[i].length];
                        for (int j = 0; j < u.length; j++) {
                            u[j] = linf ? 2 * rnd.nextDouble() - 1 : Rows.gaussian(rnd);
                        }
                        double scale = radius / Math.max(norm(u, linf), 1e-12);
                        for (int j = 0; j < u.length; j++) {
                            x1[i][j] = clip(x1[i][j] + scale * u[j], box);
                        }
                    }
                }
                double[][] w = new double[n][k];
                for (int i = 0; i < n; i++) {
                    w[i][target[i]] = 1;
                    w[i][y[i]] -= 1;
                }
                INDArray weights = Nd4j.create(w).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
                for (int step = 0; step < steps; step++) {
                    Gradient g = model.gradient(image(x1, shape), Loss.linear(weights));
                    double[][] z = Rows.host(g.logits());
                    double[][] grad = Rows.flat(g.inputGradient()).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE)
                            .toDoubleMatrix();
                    for (int i = 0; i < n; i++) {
                        double f = z[i][target[i]] - z[i][y[i]];
                        double[] gi = grad[i];
                        // The plane {p : f + ∇f·(p − x1) = 0}; required change along ∇f from each point.
                        double c1 = -f;
                        double c0 = -f + dot(gi, x1[i]) - dot(gi, x0[i]);
                        double[] d1 = projectToPlane(x1[i], gi, c1, box, linf);
                        double[] d0 = projectToPlane(x0[i], gi, c0, box, linf);
                        double a1 = Math.max(norm(d1, linf), 1e-8);
                        double a0 = Math.max(norm(d0, linf), 1e-8);
                        double alpha = Math.min(Math.max(a1 / (a1 + a0), 0), alphaMax);
                        for (int j = 0; j < gi.length; j++) {
                            x1[i][j] = clip((x1[i][j] + eta * d1[j]) * (1 - alpha) + (x0[i][j] + eta * d0[j]) * alpha, box);
                        }
                    }
                    int[] pred = Rows.predict(model.id(), model.logits(image(x1, shape)));
                    for (int i = 0; i < n; i++) {
                        if (pred[i] == y[i]) {
                            continue;
                        }
                        double[] d = new double[x1[i].length];
                        for (int j = 0; j < d.length; j++) {
                            d[j] = x1[i][j] - x0[i][j];
                        }
                        double nd = norm(d, linf);
                        if (nd < bestNorm[i]) {
                            bestNorm[i] = nd;
                            best[i] = x1[i].clone();
                        }
                        for (int j = 0; j < d.length; j++) {
                            x1[i][j] = x0[i][j] + beta * d[j];
                        }
                    }
                }
            }
        }
        for (int i = 0; i < n; i++) {
            if (best[i] == null) {
                best[i] = x0[i];
            }
        }
        return image(best, shape);
    }

    private static INDArray image(double[][] rows, long[] shape) {
        return Rows.image(Nd4j.create(rows).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT), shape);
    }

    private static double clip(double v, Bounds b) {
        return Math.min(Math.max(v, b.lower()), b.upper());
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    static double norm(double[] d, boolean linf) {
        double s = 0;
        for (double v : d) {
            s = linf ? Math.max(s, Math.abs(v)) : s + v * v;
        }
        return linf ? s : Math.sqrt(s);
    }

    /**
     * The smallest {@code d} (L∞ or L2) with {@code w·d = c} and {@code p + d} inside the box. The
     * minimizer is {@code d_i(τ) = clip(s·τ·u_i, lower − p_i, upper − p_i)} with {@code s = sign(c)},
     * {@code u = sign(w)} (L∞) or {@code w} (L2), and the smallest τ ≥ 0 reaching {@code w·d = c}
     * (monotone in τ: bracketing by doubling, then bisection). When the box cannot reach the plane,
     * the farthest point along that path.
     */
    static double[] projectToPlane(double[] p, double[] w, double c, Bounds box, boolean linf) {
        double[] d = new double[p.length];
        if (c == 0 || !Double.isFinite(c)) {
            return d;
        }
        double s = Math.signum(c);
        double target = Math.abs(c);
        double scale = 0;
        for (double v : w) {
            scale += linf ? Math.abs(v) : v * v;
        }
        if (!(scale > 0)) {
            return d;
        }
        double hi = target / scale; // the unconstrained solution
        double lo = 0;
        int doublings = 0;
        while (reach(p, w, s, hi, box, linf, null) < target && doublings++ < 200) {
            lo = hi;
            hi *= 2;
        }
        for (int it = 0; it < 60 && doublings <= 200; it++) {
            double mid = 0.5 * (lo + hi);
            if (reach(p, w, s, mid, box, linf, null) < target) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        reach(p, w, s, hi, box, linf, d);
        return d;
    }

    /** {@code s·w·d(τ)}, writing {@code d(τ)} into {@code out} when given. */
    private static double reach(double[] p, double[] w, double s, double tau, Bounds box, boolean linf, double[] out) {
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            double u = linf ? Math.signum(w[i]) : w[i];
            double di = Math.min(Math.max(s * tau * u, box.lower() - p[i]), box.upper() - p[i]);
            sum += w[i] * di;
            if (out != null) {
                out[i] = di;
            }
        }
        return s * sum;
    }

    @Override
    public String toString() {
        return (Norms.LINF.equals(norm()) ? "LinfFabT" : "L2FabT") + "(norm=" + norm() + ", steps=" + steps
                + ", restarts=" + restarts + ", targets=" + targets + ", alphaMax=" + alphaMax + ", eta=" + eta
                + ", beta=" + beta + ", seed=" + seed + ")";
    }

    /** Suite-file entry {@code attack: fab-t} with {@code norm, steps, restarts, targets, seed}. */
    public static final class Factory implements AttackFactory {
        @Override
        public String name() {
            return "fab-t";
        }

        @Override
        public String description() {
            return "targeted fast adaptive boundary attack, minimal perturbation, L-inf / L2 (Croce & Hein 2020)";
        }

        @Override
        public Attack create(Params p) {
            return new Fab(Options.norm(p), p.integer("steps", 100, 1, 100_000), p.integer("restarts", 1, 1, 1000),
                    p.integer("targets", 9, 1, 1000), 0.1, 1.05, 0.9, Options.seed(p));
        }
    }
}
