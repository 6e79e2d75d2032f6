package org.sparsebench.suites.adversarial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparsebench.api.Attack;
import org.sparsebench.api.InputShape;
import org.sparsebench.testing.LinearModel;

/**
 * Known answers on binary logistic regression {@code z = W·x + b}: with {@code w = w_1 − w_0} and margin
 * {@code m = z_y − z_other}, the smallest perturbation that flips a sample is exactly {@code |m|/‖w‖₁}
 * in L∞ and {@code |m|/‖w‖₂} in L2 (Hölder duality), as long as the pixel box is not in the way — the
 * inputs are mid-grey (0.45–0.55) and every distance below is checked to stay far from the box.
 * Tolerance: the attacks must flip every sample at 1.03× the distance and, being confined to the
 * ball, none at 0.97×; minimal-perturbation attacks report within [1, 1.05]× the distance (FAB's
 * overshoot η = 1.05, DeepFool's 1.02).
 */
class LinearKnownAnswerTest {
    private static final InputShape SHAPE = new InputShape(1, 4, 4);
    private static final int N = 8;

    private final LinearModel model;
    private final INDArray x;
    private final int[] y;
    private final double[] distInf = new double[N];
    private final double[] dist2 = new double[N];

    LinearKnownAnswerTest() {
        // Centred at mid-grey (b = −W·0.5 + small offsets) so margins, and hence distances, are small.
        Nd4j.getRandom().setSeed(5);
        INDArray weights = Nd4j.randn(DataType.FLOAT, 2, SHAPE.size());
        INDArray bias = weights.sum(1).muli(-0.5f).addi(Nd4j.randn(DataType.FLOAT, 2).muli(0.05f));
        model = new LinearModel("logreg", SHAPE, weights, bias);
        SplittableRandom r = new SplittableRandom(3);
        float[] px = new float[N * SHAPE.size()];
        for (int i = 0; i < px.length; i++) {
            px[i] = (float) (0.45 + 0.1 * r.nextDouble());
        }
        x = Nd4j.create(px, new long[] {N, 1, 4, 4}, 'c');
        double[][] z = model.logits(x).castTo(DataType.DOUBLE).toDoubleMatrix();
        INDArray w = model.weights().getRow(1).sub(model.weights().getRow(0));
        double l1 = w.norm1Number().doubleValue();
        double l2 = w.norm2Number().doubleValue();
        y = new int[N];
        for (int i = 0; i < N; i++) {
            y[i] = z[i][1] > z[i][0] ? 1 : 0; // the model's own prediction: every sample starts correct
            double margin = Math.abs(z[i][1] - z[i][0]);
            distInf[i] = margin / l1;
            dist2[i] = margin / l2;
            // The optimal perturbation moves a pixel by at most distInf (L∞) or dist2·max|w_j|/‖w‖₂ (L2).
            assertTrue(distInf[i] < 0.4 && dist2[i] < 0.4, "box would interfere: " + distInf[i] + ", " + dist2[i]);
        }
    }

    private List<Attack> attacks(String norm) {
        return List.of(new Pgd(norm, 50), new Pgd(norm, 50, 3, 2.5 / 50, true, 1),
                new Apgd(norm, Apgd.Kind.CE, 50, 1, 1, 0), new DeepFool(norm, 50, 0.02), new Fab(norm, 50, 1));
    }

    private boolean[] adversarial(Attack a, double[] dist, double factor) {
        boolean[] out = new boolean[N];
        for (int i = 0; i < N; i++) {
            INDArray xi = x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(i, i + 1)).dup();
            INDArray adv = a.run(model, xi, new int[] {y[i]}, dist[i] * factor, new long[] {i});
            double norm = Norms.norm(adv.sub(xi), a.norm()).getDouble(0);
            assertTrue(norm <= dist[i] * factor * (1 + 1e-5) + 1e-7, a + " left the ball: " + norm);
            out[i] = Rows.predict("m", model.logits(adv))[0] != y[i];
        }
        return out;
    }

    private void check(String norm, double[] dist) {
        for (Attack a : attacks(norm)) {
            boolean[] above = adversarial(a, dist, 1.03);
            boolean[] below = adversarial(a, dist, 0.97);
            for (int i = 0; i < N; i++) {
                assertTrue(above[i], a + " missed sample " + i + " at 1.03x its distance " + dist[i]);
                assertTrue(!below[i], a + " flipped sample " + i + " below its exact distance " + dist[i]);
            }
        }
    }

    @Test
    void linfAttacksFlipJustAboveMarginOverL1NormAndNeverBelow() {
        check(Norms.LINF, distInf);
    }

    @Test
    void l2AttacksFlipJustAboveMarginOverL2NormAndNeverBelow() {
        check(Norms.L2, dist2);
    }

    @Test
    void minimizationAttacksReportTheExactMinimalPerturbation() {
        for (String norm : List.of(Norms.LINF, Norms.L2)) {
            double[] dist = Norms.LINF.equals(norm) ? distInf : dist2;
            for (MinimizationAttack a : List.of(new DeepFool(norm, 50, 0.02), new Fab(norm, 50, 1))) {
                double[] found = a.minimize(model, x, y, new long[N]).norms();
                for (int i = 0; i < N; i++) {
                    assertTrue(found[i] >= dist[i] * (1 - 1e-4) && found[i] <= dist[i] * 1.05,
                            a + " sample " + i + ": found " + found[i] + ", exact " + dist[i]);
                }
            }
        }
    }

    @Test
    void boxConstrainedProjectionMatchesClosedFormsAndRespectsTheBox() {
        org.sparsebench.api.Bounds box = org.sparsebench.api.Bounds.UNIT;
        double[] p = {0.5, 0.5, 0.5};
        double[] w = {1, -2, 0.5};
        // No active box: L2 minimizer c·w/‖w‖², L∞ minimizer c·sign(w)/‖w‖₁.
        double[] d2 = Fab.projectToPlane(p, w, 0.7, box, false);
        double[] di = Fab.projectToPlane(p, w, 0.7, box, true);
        for (int j = 0; j < 3; j++) {
            assertEquals(0.7 * w[j] / 5.25, d2[j], 1e-9);
            assertEquals(0.7 * Math.signum(w[j]) / 3.5, di[j], 1e-9);
        }
        // Active box, c = 1.5: coordinate 1 saturates at −0.5 (λ > 0.25), the others stay λ·w:
        // λ + 1 + 0.25λ = 1.5 gives λ = 0.4, d = (0.4, −0.5, 0.2) (KKT of min ‖d‖₂ s.t. w·d = c, box).
        double[] a = Fab.projectToPlane(p, w, 1.5, box, false);
        assertEquals(0.4, a[0], 1e-9);
        assertEquals(-0.5, a[1], 1e-9);
        assertEquals(0.2, a[2], 1e-9);
        // Unreachable plane (max of w·d in the box is 1.75): the farthest point, the box corner.
        double[] far = Fab.projectToPlane(p, w, 2.0, box, true);
        assertEquals(0.5, far[0], 1e-9);
        assertEquals(-0.5, far[1], 1e-9);
        assertEquals(0.5, far[2], 1e-9);
        for (int j = 0; j < 3; j++) {
            assertTrue(p[j] + a[j] >= -1e-12 && p[j] + a[j] <= 1 + 1e-12);
        }
    }
}
