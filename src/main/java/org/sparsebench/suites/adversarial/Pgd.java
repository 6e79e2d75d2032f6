package org.sparsebench.suites.adversarial;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparsebench.api.Attack;
import org.sparsebench.api.AttackFactory;
import org.sparsebench.api.Gradient;
import org.sparsebench.api.Loss;
import org.sparsebench.api.Model;
import org.sparsebench.api.Params;

/**
 * Projected gradient descent on the cross-entropy (Madry et al. 2018): a uniform random start in the
 * ε-ball, {@code steps} steps of size {@code relStep·ε} along {@code sign(∇)} (L∞) or {@code ∇/‖∇‖₂}
 * (L2), each projected back onto the ball and the pixel range; {@code restarts} random restarts for
 * the samples not yet misclassified. A sample stops as soon as it is misclassified (its first
 * adversarial point is kept); the others return the last iterate of the last restart.
 */
public final class Pgd extends FixedEpsilonAttack {
    private final int steps;
    private final int restarts;
    private final double relStep;
    private final boolean randomStart;
    private final long seed;

    public Pgd(String norm, int steps, int restarts, double relStep, boolean randomStart, long seed) {
        super(norm);
        if (steps < 1 || restarts < 1 || !(relStep > 0)) {
            throw new IllegalArgumentException("steps, restarts >= 1 and relStep > 0 required");
        }
        this.steps = steps;
        this.restarts = restarts;
        this.relStep = relStep;
        this.randomStart = randomStart;
        this.seed = seed;
    }

    /** Madry et al.'s default step 2.5·ε/steps, one random start. */
    public Pgd(String norm, int steps) {
        this(norm, steps, 1, 2.5 / steps, true, 0);
    }

    @Override
    protected INDArray perturb(Model model, INDArray x, int[] y, double eps, long[] seeds) {
        long[] shape = x.shape();
        INDArray x0 = Rows.flat(x);
        INDArray out = x0.dup();
        boolean[] fooled = new boolean[y.length];
        for (int r = 0; r < restarts; r++) {
            int[] act = Rows.where(fooled, false);
            if (act.length == 0) {
                break;
            }
            INDArray base = Rows.take(x0, act);
            int[] ya = Rows.take(y, act);
            INDArray adv = base.dup();
            if (randomStart) {
                long[] s = Rows.take(seeds, act);
                for (int i = 0; i < s.length; i++) {
                    s[i] = Rows.derive(s[i] ^ seed, r);
                }
                adv = Norms.project(base, base.add(Rows.randomInBall(norm(), eps, (int) base.size(1), s)), eps, norm(),
                        model.bounds());
            }
            for (int step = 0;; step++) {
                INDArray grad = null;
                int[] pred;
                if (step < steps) {
                    Gradient g = model.gradient(Rows.image(adv, shape), Loss.crossEntropy(ya));
                    pred = Rows.predict(model.id(), g.logits());
                    grad = Rows.flat(g.inputGradient());
                } else {
                    pred = Rows.predict(model.id(), model.logits(Rows.image(adv, shape)));
                }
                boolean[] hit = new boolean[ya.length];
                boolean[] write = new boolean[ya.length];
                for (int i = 0; i < ya.length; i++) {
                    hit[i] = pred[i] != ya[i];
                    write[i] = hit[i] || step == steps;
                    fooled[act[i]] |= hit[i];
                }
                int[] done = Rows.where(write, true);
                Rows.scatter(out, Rows.take(act, done), adv, done);
                if (step == steps) {
                    break;
                }
                int[] keep = Rows.where(hit, false);
                if (keep.length == 0) {
                    break;
                }
                if (keep.length < hit.length) {
                    adv = Rows.take(adv, keep);
                    base = Rows.take(base, keep);
                    grad = Rows.take(grad, keep);
                    ya = Rows.take(ya, keep);
                    act = Rows.take(act, keep);
                }
                INDArray moved = Norms.LINF.equals(norm()) ? Rows.signStep(adv, grad, relStep * eps)
                        : adv.addi(Rows.direction(grad, norm()).muli(relStep * eps));
                adv = Norms.project(base, moved, eps, norm(), model.bounds());
            }
        }
        return Rows.image(out, shape);
    }

    @Override
    public String toString() {
        return (Norms.LINF.equals(norm()) ? "LinfPgd" : "L2Pgd") + "(norm=" + norm() + ", steps=" + steps
                + ", restarts=" + restarts + ", relStep=" + relStep + ", randomStart=" + randomStart + ", seed=" + seed
                + ")";
    }

    /** Suite-file entry {@code attack: pgd} with {@code norm, steps, restarts, rel_step, random_start, seed}. */
    public static final class Factory implements AttackFactory {
        @Override
        public String name() {
            return "pgd";
        }

        @Override
        public String description() {
            return "projected gradient descent with random start and restarts, L-inf / L2 (Madry et al. 2018)";
        }

        @Override
        public Attack create(Params p) {
            String norm = Options.norm(p);
            int steps = p.integer("steps", 40, 1, 100_000);
            return new Pgd(norm, steps, p.integer("restarts", 1, 1, 1000), p.number("rel_step", 2.5 / steps, 1e-6, 10),
                    Options.bool(p, "random_start", true), Options.seed(p));
        }
    }
}
