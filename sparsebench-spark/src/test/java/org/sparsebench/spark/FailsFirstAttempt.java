package org.sparsebench.spark;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparsebench.api.Corruption;
import org.sparsebench.suites.noise.GaussianNoise;

/**
 * Gaussian noise that kills the first attempt of every Spark task it runs in (outside Spark it is
 * plain Gaussian noise), to prove that a retried task gives the same results.
 */
public final class FailsFirstAttempt implements Corruption {
    /** Attempts failed so far in this JVM (local mode runs tasks in the test's JVM). */
    static final AtomicInteger FAILED = new AtomicInteger();
    private final GaussianNoise noise = new GaussianNoise();

    @Override
    public String name() {
        return "fails-first-attempt";
    }

    @Override
    public String description() {
        return "Gaussian noise; throws in the first attempt of a Spark task (test plugin)";
    }

    @Override
    public INDArray apply(INDArray x, int severity, long[] seeds) {
        TaskContext task = TaskContext.get();
        if (task != null && task.attemptNumber() == 0) {
            FAILED.incrementAndGet();
            throw new IllegalStateException("injected failure in task " + task.partitionId() + ", attempt 0");
        }
        return noise.apply(x, severity, seeds);
    }

    @Override
    public double[] severityParameters() {
        return noise.severityParameters();
    }
}
