package org.sparsebench.suites.adversarial;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparsebench.api.Attack;
import org.sparsebench.api.AttackFactory;
import org.sparsebench.api.Loss;
import org.sparsebench.api.Model;
import org.sparsebench.api.Params;

/**
 * Fast gradient (sign) method, one step along the cross-entropy gradient (Goodfellow et al. 2015):
 * L∞ {@code x + ε·sign(∇)}; L2 (FGM) {@code x + ε·∇/‖∇‖₂}.
 */
public final class Fgsm extends FixedEpsilonAttack {

    public Fgsm(String norm) {
        super(norm);
    }

    @Override
    protected INDArray perturb(Model model, INDArray x, int[] y, double epsilon, long[] seeds) {
        INDArray g = model.gradient(x, Loss.crossEntropy(y)).inputGradient();
        if (Norms.LINF.equals(norm())) {
            return Rows.signStep(x, g, epsilon); // x + ε·sign(g) in one host pass, same bits
        }
        INDArray n = Norms.norm(g, Norms.L2).addi(1e-12);
        long[] shape = new long[g.rank()];
        java.util.Arrays.fill(shape, 1);
        shape[0] = g.size(0);
        return x.add(g.div(n.reshape(shape)).muli(epsilon));
    }

    @Override
    public String toString() {
        return (Norms.LINF.equals(norm()) ? "LinfFgsm" : "L2Fgm") + "(norm=" + norm() + ")";
    }

    /** Suite-file entry {@code attack: fgsm} with {@code norm: linf|l2}. */
    public static final class Factory implements AttackFactory {
        @Override
        public String name() {
            return "fgsm";
        }

        @Override
        public String description() {
            return "fast gradient sign method, one step (L-inf FGSM, L2 FGM; Goodfellow et al. 2015)";
        }

        @Override
        public Attack create(Params params) {
            return new Fgsm(Norms.check(params.string("norm", Norms.LINF), params.where() + ".norm"));
        }
    }
}
