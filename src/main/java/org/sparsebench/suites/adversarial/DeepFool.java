package org.sparsebench.suites.adversarial;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.sparsebench.api.Attack;
import org.sparsebench.api.AttackFactory;
import org.sparsebench.api.Gradient;
import org.sparsebench.api.Loss;
import org.sparsebench.api.Model;
import org.sparsebench.api.Params;

/**
 * DeepFool (Moosavi-Dezfooli et al. 2016): linearize {@code f_k = z_k − z_y} for every other class,
 * step to the nearest linearized boundary ({@code |f_l|/‖∇f_l‖_q}, q the dual norm: 1 for L∞, 2 for
 * L2), accumulate, and apply the total with an overshoot. Exact in one step for a linear model. All
 * K−1 gradients of a step come from one {@link Model#gradient} call on the batch repeated K−1 times
 * with difference weights {@code e_k − e_y}.
 */
public final class DeepFool extends MinimizationAttack {
    private final int steps;
    private final double overshoot;

    public DeepFool(String norm, int steps, double overshoot) {
        super(norm);
        this.steps = steps;
        this.overshoot = overshoot;
    }

    @Override
    protected INDArray search(Model model, INDArray x, int[] y, long[] seeds) {
        long[] shape = x.shape();
        int k = model.numClasses();
        INDArray x0 = Rows.flat(x);
        INDArray out = x0.dup();
        INDArray total = Nd4j.zerosLike(x0);
        INDArray cur = x0.dup();
        int[] idx = Rows.range(y.length);
        for (int step = 0; step <= steps && idx.length > 0; step++) {
            int m = idx.length;
            int[] rep = new int[m * (k - 1)];
            double[][] w = new double[m * (k - 1)][k];
            for (int i = 0; i < m; i++) {
                for (int c = 0, j = 0; c < k; c++) {
                    if (c != y[idx[i]]) {
                        rep[i * (k - 1) + j] = i;
                        w[i * (k - 1) + j][c] = 1;
                        w[i * (k - 1) + j][y[idx[i]]] = -1;
                        j++;
                    }
                }
            }
            INDArray xs = Rows.take(cur, rep);
            Gradient g = model.gradient(Rows.image(xs, shape), Loss.linear(Nd4j.create(w).castTo(x0.dataType())));
            double[][] z = Rows.host(g.logits());
            int[] pred = Rows.predict(model.id(), g.logits());
            INDArray grads = Rows.flat(g.inputGradient());
            double[] dual = (Norms.LINF.equals(norm()) ? grads.norm1(1) : grads.norm2(1)).toDoubleVector();
            boolean[] done = new boolean[m];
            int[] chosen = new int[m];
            double[] coef = new double[m];
            for (int i = 0; i < m; i++) {
                int row = i * (k - 1);
                done[i] = pred[row] != y[idx[i]];
                if (done[i]) {
                    out.putRow(idx[i], cur.getRow(i));
                    continue;
                }
                double best = Double.POSITIVE_INFINITY;
                for (int j = 0; j < k - 1; j++) {
                    int r = row + j;
                    double f = 0;
                    for (int c = 0; c < k; c++) {
                        f += w[r][c] * z[r][c];
                    }
                    double dist = Math.abs(f) / (dual[r] + 1e-12);
                    if (dist < best) {
                        best = dist;
                        chosen[i] = r;
                        double q = Norms.LINF.equals(norm()) ? dual[r] : dual[r] * dual[r];
                        coef[i] = (Math.abs(f) + 1e-4) / (q + 1e-12);
                    }
                }
            }
            int[] keep = Rows.where(done, false);
            if (keep.length == 0 || step == steps) {
                break;
            }
            INDArray gl = Rows.take(grads, Rows.take(chosen, keep));
            INDArray dir = Norms.LINF.equals(norm()) ? Transforms.sign(gl, true) : gl;
            idx = Rows.take(idx, keep);
            INDArray t = Rows.take(total, idx).addi(dir.mulColumnVector(Rows.column(Rows.take(coef, keep))));
            Rows.scatter(total, idx, t);
            INDArray next = Rows.take(x0, idx).addi(t.mul(1 + overshoot));
            cur = Norms.project(Rows.take(x0, idx), next, Double.MAX_VALUE, Norms.LINF, model.bounds());
        }
        return Rows.image(out, shape);
    }

    @Override
    public String toString() {
        return (Norms.LINF.equals(norm()) ? "LinfDeepFool" : "L2DeepFool") + "(norm=" + norm() + ", steps=" + steps
                + ", overshoot=" + overshoot + ")";
    }

    /** Suite-file entry {@code attack: deepfool} with {@code norm, steps, overshoot}. */
    public static final class Factory implements AttackFactory {
        @Override
        public String name() {
            return "deepfool";
        }

        @Override
        public String description() {
            return "DeepFool minimal perturbation, L-inf / L2 (Moosavi-Dezfooli et al. 2016)";
        }

        @Override
        public Attack create(Params p) {
            return new DeepFool(Options.norm(p), p.integer("steps", 50, 1, 100_000),
                    p.number("overshoot", 0.02, 0, 10));
        }
    }
}
