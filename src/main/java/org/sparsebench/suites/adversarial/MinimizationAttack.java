package org.sparsebench.suites.adversarial;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparsebench.api.Attack;
import org.sparsebench.api.Model;

/**
 * Base of the minimal-perturbation attacks (FAB, DeepFool): {@link #minimize} searches each sample's
 * smallest adversarial perturbation without a budget; the final {@link #run} clips it to the ε-ball
 * and the bounds (Foolbox 3's MinimizationAttack), so a sample is robust at ε exactly when its
 * minimal perturbation is larger than ε (up to what the clipped point does to the model).
 */
public abstract class MinimizationAttack implements Attack {
    private final String norm;

    protected MinimizationAttack(String norm) {
        this.norm = Norms.check(norm, getClass().getSimpleName());
    }

    /**
     * The search's outcome: {@code adversarial} (shape of the input, within bounds; the clean image
     * where nothing was found) and each sample's perturbation norm, {@code 0} when the clean image is
     * already misclassified and {@code NaN} when no adversarial example was found.
     */
    public record Result(INDArray adversarial, double[] norms) {
    }

    @Override
    public final String norm() {
        return norm;
    }

    /** Runs the search and checks its output with one forward pass: only misclassified points count. */
    public final Result minimize(Model model, INDArray x, int[] y, long[] seeds) {
        if (x.size(0) != y.length || y.length != seeds.length) {
            throw new IllegalArgumentException("batch of " + x.size(0) + " with " + y.length + " labels and "
                    + seeds.length + " seeds");
        }
        INDArray x0 = Rows.flat(x);
        INDArray adv = Rows.flat(search(model, x, y, seeds));
        adv = Norms.project(x0, adv, Double.MAX_VALUE, Norms.LINF, model.bounds());
        int[] pred = Rows.predict(model.id(), model.logits(Rows.image(adv, x.shape())));
        double[] n = Norms.norm(adv.sub(x0), norm).toDoubleVector();
        for (int i = 0; i < y.length; i++) {
            if (pred[i] == y[i]) {
                n[i] = Double.NaN;
                adv.putRow(i, x0.getRow(i));
            }
        }
        return new Result(Rows.image(adv, x.shape()), n);
    }

    @Override
    public final INDArray run(Model model, INDArray x, int[] y, double epsilon, long[] seeds) {
        if (epsilon < 0 || Double.isNaN(epsilon)) {
            throw new IllegalArgumentException("epsilon must be >= 0, got " + epsilon);
        }
        return Norms.project(x, minimize(model, x, y, seeds).adversarial(), epsilon, norm, model.bounds());
    }

    /**
     * The attack proper: per sample, the smallest-norm misclassified point found near {@code x}
     * (the clean image where none was found). Bounds are enforced by the caller.
     */
    protected abstract INDArray search(Model model, INDArray x, int[] y, long[] seeds);
}
