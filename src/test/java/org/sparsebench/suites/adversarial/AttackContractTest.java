package org.sparsebench.suites.adversarial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparsebench.api.Attack;
import org.sparsebench.api.ConfigException;
import org.sparsebench.api.InputShape;
import org.sparsebench.api.Params;
import org.sparsebench.testing.LinearModel;
import org.sparsebench.testing.TinyData;

/**
 * Contracts every attack must keep, on a 10-class softmax regression over random 8×8 images (cheap,
 * so every attack and norm is covered): the result lies in the ε-ball and the pixel range; the same
 * seeds give the same adversarial examples; a sample's result does not depend on its batch.
 */
class AttackContractTest {
    private static final InputShape SHAPE = new InputShape(1, 8, 8);
    private final LinearModel model = LinearModel.random("lin10", SHAPE, 10, 21);
    private final int[] idx = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
    private final INDArray x = TinyData.random("d", SHAPE, 12, 10, 4).images(idx);
    private final int[] y;
    private final long[] seeds = new long[12];

    AttackContractTest() {
        y = Rows.predict("m", model.logits(x)); // start from correct samples so every attack has work to do
        for (int i = 0; i < seeds.length; i++) {
            seeds[i] = 1000 + i;
        }
    }

    static List<Attack> all(String norm) {
        return List.of(new Fgsm(norm), new Pgd(norm, 10), new Pgd(norm, 5, 2, 0.3, true, 3),
                new Apgd(norm, Apgd.Kind.CE, 10, 2, 1, 0), new Apgd(norm, Apgd.Kind.DLR, 10, 1, 1, 0),
                new Apgd(norm, Apgd.Kind.TARGETED_DLR, 10, 1, 3, 0), new Fab(norm, 10, 2), new DeepFool(norm, 20, 0.02),
                new Square(norm, 60, 0.8, 0), new AutoAttack(norm, List.of("apgd-ce", "square"),
                        List.of(new Apgd(norm, Apgd.Kind.CE, 5, 1, 1, 0), new Square(norm, 30, 0.8, 0))));
    }

    @Test
    void everyAdversarialExampleIsInsideTheBallAndThePixelRange() {
        for (String norm : List.of(Norms.LINF, Norms.L2)) {
            for (double eps : Norms.LINF.equals(norm) ? new double[] {0.02, 0.3} : new double[] {0.2, 3.0}) {
                for (Attack a : all(norm)) {
                    INDArray adv = a.run(model, x, y, eps, seeds);
                    assertEquals(List.of(12L, 1L, 8L, 8L), List.of(adv.size(0), adv.size(1), adv.size(2), adv.size(3)));
                    double worst = Norms.norm(adv.sub(x), norm).maxNumber().doubleValue();
                    assertTrue(worst <= eps * (1 + 1e-5), a + " at ε=" + eps + " went to " + worst);
                    assertTrue(adv.minNumber().doubleValue() >= 0 && adv.maxNumber().doubleValue() <= 1, a + " left [0, 1]");
                }
            }
        }
    }

    @Test
    void sameSeedGivesTheSameAdversarialExamples() {
        for (String norm : List.of(Norms.LINF, Norms.L2)) {
            for (Attack a : all(norm)) {
                double eps = Norms.LINF.equals(norm) ? 0.05 : 0.5;
                INDArray first = a.run(model, x, y, eps, seeds);
                INDArray again = a.run(model, x, y, eps, seeds);
                assertEquals(0.0, first.sub(again).amaxNumber().doubleValue(), 0.0, a.toString());
            }
        }
        long[] other = seeds.clone();
        other[0]++;
        Attack pgd = new Pgd(Norms.LINF, 1);
        INDArray a = Rows.flat(pgd.run(model, x, y, 0.05, seeds));
        INDArray b = Rows.flat(pgd.run(model, x, y, 0.05, other));
        assertTrue(a.getRow(0).sub(b.getRow(0)).amaxNumber().doubleValue() > 0, "the seed drives the random start");
    }

    @Test
    void aSamplesResultDoesNotDependOnItsBatch() {
        int[] half = {1, 4, 7};
        INDArray xs = Rows.image(Rows.take(Rows.flat(x), half), x.shape());
        int[] ys = Rows.take(y, half);
        long[] ss = Rows.take(seeds, half);
        for (Attack a : List.of(new Pgd(Norms.LINF, 10), new Apgd(Norms.L2, Apgd.Kind.DLR, 10, 1, 1, 0),
                new Square(Norms.LINF, 40, 0.8, 0))) {
            double eps = Norms.LINF.equals(a.norm()) ? 0.05 : 0.5;
            INDArray whole = Rows.take(Rows.flat(a.run(model, x, y, eps, seeds)), half);
            INDArray part = Rows.flat(a.run(model, xs, ys, eps, ss));
            assertEquals(0.0, whole.sub(part).amaxNumber().doubleValue(), 1e-6, a.toString());
        }
    }

    @Test
    void toStringListsTheParametersAndFactoriesRefuseBadValues() {
        assertEquals("LinfApgdT(norm=linf, steps=100, restarts=1, targets=9, seed=0)",
                new Apgd.TargetedFactory().create(new Params("s.yaml: attacks[0]", Map.of("norm", "linf"))).toString());
        assertEquals("L2Square(norm=l2, queries=5000, pInit=0.8, seed=0)",
                new Square.Factory().create(new Params("s", Map.of("norm", "l2"))).toString());
        Attack aa = new AutoAttack.Factory().create(new Params("s", Map.of("norm", "linf")));
        assertTrue(aa.toString().startsWith("AutoAttack(norm=linf, attacks=[LinfApgdCe(norm=linf, steps=100"), aa.toString());
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> new Pgd.Factory().create(new Params("s.yaml: suites[1].attacks[0]", Map.of("steps", 0))));
        assertEquals("s.yaml: suites[1].attacks[0].steps: 0 is out of range, expected 1 to 100000", e.getMessage());
        List<Object> members = new ArrayList<>(List.of("apgd-ce", Map.of("attack", "square", "norm", "l2")));
        e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class, () -> new AutoAttack.Factory()
                .create(new Params("s", Map.of("norm", "linf", "attacks", members))));
        assertTrue(e.getMessage().contains("differs from the ensemble's norm linf"), e.getMessage());
    }

    @Test
    void squareScheduleHalvesTheAreaAtAutoAttacksIterations() {
        Square s = new Square(Norms.LINF, 10_000, 0.8, 0);
        assertEquals(0.8, s.p(10), 0);
        assertEquals(0.4, s.p(11), 0);
        assertEquals(0.8 / 512, s.p(9000), 0);
        // Rescaled to the budget: 5,000 queries halve at iteration 6 (= 12 of 10,000 scaled).
        assertEquals(0.4, new Square(Norms.LINF, 5000, 0.8, 0).p(6), 0);
    }

    @Test
    void apgdCheckpointsFollowThePjSchedule() {
        // p = 0, 0.22, 0.41, 0.57, 0.70, 0.80, 0.87, 0.93, 0.99 (Croce & Hein 2020, section 3.2) for N = 100.
        assertEquals(List.of(22, 41, 57, 70, 80, 87, 93, 99), Apgd.checkpoints(100));
    }

    @Test
    void dlrGradientMatchesFiniteDifferences() {
        double[] z = {1.0, 3.0, -0.5, 2.2, 0.3};
        for (int t : new int[] {-1, 3}) {
            double[] w = new double[5];
            double f = t < 0 ? Apgd.dlr(z, 0, w) : Apgd.targetedDlr(z, 0, t, w);
            for (int k = 0; k < 5; k++) {
                double[] zp = z.clone();
                zp[k] += 1e-6;
                double fp = t < 0 ? Apgd.dlr(zp, 0, new double[5]) : Apgd.targetedDlr(zp, 0, t, new double[5]);
                assertEquals((fp - f) / 1e-6, w[k], 1e-4, "∂/∂z" + k + " target " + t);
            }
        }
    }
}
