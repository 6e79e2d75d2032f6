package org.sparsebench.suites.support;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparsebench.api.Condition;
import org.sparsebench.api.Model;
import org.sparsebench.api.SuiteContext;
import org.sparsebench.api.Suite;

/**
 * A suite whose conditions classify perturbed copies of the run's samples (corruptions, attacks), and
 * that hands those copies to another suite of the same run: the anomaly suite asks how well its scores
 * flag them. {@link #perturb} must make exactly the images {@link #evaluate} makes, so that both
 * suites see the same inputs without sharing state (each condition stays a function of its inputs).
 */
public interface PerturbingSuite extends Suite {

    /** The conditions that perturb the samples (not a clean or audit condition), in report order. */
    List<Condition> perturbations();

    /**
     * The samples {@code idx} perturbed as {@link #evaluate} perturbs them under {@code condition}
     * ({@code [idx.length, C, H, W]}). {@code idx} is a batch of {@code ctx.indices()} as
     * {@link Batches#batch} cuts it with {@code ctx.batchSize()}: an attack sees the same batch as in
     * {@code evaluate}, so the results are bit-identical.
     */
    INDArray perturb(Model model, Condition condition, int[] idx, SuiteContext ctx);
}
