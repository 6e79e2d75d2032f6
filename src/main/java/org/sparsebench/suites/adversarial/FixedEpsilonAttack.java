package org.sparsebench.suites.adversarial;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparsebench.api.Attack;
import org.sparsebench.api.Model;

/**
 * Base of every fixed-budget attack: the public {@link #run} validates the request and projects the
 * subclass's candidate onto the ε-ball and the model's bounds, so no subclass can return an
 * out-of-budget image (the Foolbox 3 layering).
 */
public abstract class FixedEpsilonAttack implements Attack {
    private final String norm;

    protected FixedEpsilonAttack(String norm) {
        this.norm = Norms.check(norm, getClass().getSimpleName());
    }

    @Override
    public final String norm() {
        return norm;
    }

    @Override
    public final INDArray run(Model model, INDArray x, int[] y, double epsilon, long[] seeds) {
        if (epsilon < 0 || Double.isNaN(epsilon)) {
            throw new IllegalArgumentException("epsilon must be >= 0, got " + epsilon);
        }
        if (x.size(0) != y.length || y.length != seeds.length) {
            throw new IllegalArgumentException("batch of " + x.size(0) + " with " + y.length + " labels and "
                    + seeds.length + " seeds");
        }
        if (epsilon == 0) {
            return x.dup();
        }
        return Norms.project(x, perturb(model, x, y, epsilon, seeds), epsilon, norm, model.bounds());
    }

    /** The attack proper: a candidate near {@code x}; projection is done by the caller. */
    protected abstract INDArray perturb(Model model, INDArray x, int[] y, double epsilon, long[] seeds);
}
