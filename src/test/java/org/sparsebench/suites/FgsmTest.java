package org.sparsebench.suites;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparsebench.api.InputShape;
import org.sparsebench.suites.adversarial.Fgsm;
import org.sparsebench.suites.adversarial.Norms;
import org.sparsebench.testing.LinearModel;
import org.sparsebench.testing.TinyData;

class FgsmTest {
    private final InputShape shape = new InputShape(1, 4, 4);
    private final LinearModel model = LinearModel.random("lin", shape, 3, 11);
    private final INDArray x = TinyData.random("d", shape, 6, 3, 5).images(new int[] {0, 1, 2, 3, 4, 5});
    private final int[] y = {0, 1, 2, 0, 1, 2};

    /** Closed form for softmax regression: ∇ₓCE = Wᵀ(softmax(Wx + b) − onehot(y)). */
    private double[] gradient(int sample) {
        double[] z = model.logits(x).getRow(sample).toDoubleVector();
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] p = new double[z.length];
        for (int k = 0; k < z.length; k++) {
            p[k] = Math.exp(z[k] - max);
            sum += p[k];
        }
        double[] g = new double[shape.size()];
        for (int k = 0; k < z.length; k++) {
            double coef = p[k] / sum - (k == y[sample] ? 1 : 0);
            for (int d = 0; d < g.length; d++) {
                g[d] += coef * model.weights().getDouble(k, d);
            }
        }
        return g;
    }

    @Test
    void linfStepIsEpsilonTimesTheGradientSignClippedToTheBox() {
        double eps = 0.1;
        INDArray adv = new Fgsm(Norms.LINF).run(model, x, y, eps, new long[6]);
        for (int i = 0; i < 6; i++) {
            double[] g = gradient(i);
            double[] xi = x.reshape(6, -1).getRow(i).toDoubleVector();
            double[] ai = adv.reshape(6, -1).getRow(i).toDoubleVector();
            for (int d = 0; d < g.length; d++) {
                double expected = Math.min(1, Math.max(0, xi[d] + eps * Math.signum(g[d])));
                assertEquals(expected, ai[d], 1e-6, "sample " + i + " pixel " + d);
            }
        }
    }

    @Test
    void l2StepHasNormEpsilonAlongTheGradientBeforeClipping() {
        // Mid-grey input so the box never clips: x' - x = ε g / ‖g‖₂ exactly.
        INDArray grey = Nd4j.valueArrayOf(new long[] {1, 1, 4, 4}, 0.5f);
        LinearModel m = LinearModel.random("lin", shape, 3, 3);
        double eps = 0.2;
        INDArray adv = new Fgsm(Norms.L2).run(m, grey, new int[] {1}, eps, new long[1]);
        INDArray d = adv.sub(grey);
        assertEquals(eps, d.norm2Number().doubleValue(), 1e-5);
        INDArray g = m.gradient(grey, org.sparsebench.api.Loss.crossEntropy(new int[] {1})).inputGradient();
        double cos = d.mul(g).sumNumber().doubleValue() / (d.norm2Number().doubleValue() * g.norm2Number().doubleValue());
        assertEquals(1.0, cos, 1e-5);
    }

    @Test
    void fgsmRaisesTheLossOfALinearModel() {
        // CE is convex in x for a linear model, and FGSM moves along its gradient: loss cannot drop for small ε.
        INDArray adv = new Fgsm(Norms.LINF).run(model, x, y, 0.01, new long[6]);
        double before = model.gradient(x, org.sparsebench.api.Loss.crossEntropy(y)).loss().sumNumber().doubleValue();
        double after = model.gradient(adv, org.sparsebench.api.Loss.crossEntropy(y)).loss().sumNumber().doubleValue();
        assertTrue(after > before, before + " -> " + after);
    }

    @Test
    void toStringNamesTheAttackAndItsParameters() {
        assertEquals("LinfFgsm(norm=linf)", new Fgsm("linf").toString());
        assertEquals("L2Fgm(norm=l2)", new Fgsm("l2").toString());
    }
}
