package org.sparsebench.suites.adversarial;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparsebench.api.Attack;
import org.sparsebench.api.Model;

/**
 * Sanity facts on the committed baseline CNN (64 stratified test images, short attacks so it runs in
 * seconds): a worst-case ensemble is never weaker than any member; 20 PGD steps are at least as
 * strong as one FGSM step; at L∞ ε = 0.5 (half the pixel range) almost nothing is robust.
 */
class ReluCnnAttackTest {
    private static Model model;
    private static INDArray x;
    private static int[] y;
    private static long[] seeds;

    @BeforeAll
    static void load() {
        model = Cnn.load();
        int[] idx = Cnn.sample(64);
        x = Cnn.images(idx);
        y = Cnn.data().labels(idx);
        seeds = org.sparsebench.api.Seeds.of(42, "test", idx);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static int robust(Attack a, double eps) {
        int[] clean = Rows.predict("m", model.logits(x));
        int[] adv = Rows.predict("m", model.logits(a.run(model, x, y, eps, seeds)));
        int n = 0;
        for (int i = 0; i < y.length; i++) {
            n += clean[i] == y[i] && adv[i] == y[i] ? 1 : 0;
        }
        return n;
    }

    @Test
    void ensembleIsNoWeakerThanAnyOfItsAttacks() {
        // Short members (the ordering argument does not depend on their strength) keep this test fast.
        List<Attack> members = List.of(new Apgd(Norms.LINF, Apgd.Kind.CE, 5, 1, 1, 0),
                new Apgd(Norms.LINF, Apgd.Kind.TARGETED_DLR, 5, 1, 1, 0), new Fab(Norms.LINF, 5, 1),
                new Square(Norms.LINF, 30, 0.8, 0));
        AutoAttack ensemble = new AutoAttack(Norms.LINF, List.of("apgd-ce", "apgd-t", "fab-t", "square"), members);
        double eps = 0.03;
        AutoAttack.Staged st = ensemble.stages(model, x, y, eps, seeds);
        int ens = 0;
        for (int b : st.brokenAt()) {
            ens += b == -1 ? 1 : 0;
        }
        for (Attack a : members) {
            int single = robust(a, eps);
            assertTrue(ens <= single, "ensemble " + ens + " > " + a + " " + single);
        }
        assertTrue(ens == robust(ensemble, eps), "run() and stages() agree");
    }

    @Test
    void pgd20IsAtLeastAsStrongAsFgsm() {
        for (double eps : new double[] {0.05, 0.1}) {
            int fgsm = robust(new Fgsm(Norms.LINF), eps);
            int pgd = robust(new Pgd(Norms.LINF, 20), eps);
            assertTrue(pgd <= fgsm, "ε=" + eps + ": PGD-20 " + pgd + " > FGSM " + fgsm);
        }
    }

    @Test
    void halfThePixelRangeLeavesAlmostNothingRobust() {
        int r = robust(new Pgd(Norms.LINF, 20), 0.5);
        assertTrue(r < 0.05 * y.length, r + " of " + y.length + " robust at L∞ ε = 0.5");
    }
}
