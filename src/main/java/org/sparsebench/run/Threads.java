package org.sparsebench.run;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;
import org.sparsebench.api.ConfigException;

/**
 * Applies {@code --threads}: libnd4j's thread pools and OpenMP (oneDNN's kernels), and the common
 * fork-join pool that runs the Java-side parallel loops (corruptions, sparse-coding energies, bootstrap
 * replicates) with {@code threads − 1} workers plus the calling thread, when it is not yet in use.
 */
final class Threads {
    private Threads() {
    }

    /** The threads ND4J's ops may use now: {@code --threads} once applied, else libnd4j's default (all cores). */
    static int current() {
        return Math.max(1, Nd4j.getEnvironment().maxThreads());
    }

    static void apply(Integer threads) {
        if (threads == null) {
            return;
        }
        if (threads < 1) {
            throw new ConfigException("--threads: " + threads + " must be at least 1");
        }
        ops(threads);
        System.setProperty("java.util.concurrent.ForkJoinPool.common.parallelism", String.valueOf(threads - 1));
    }

    /**
     * The threads of ND4J's ops only: libnd4j's pools (process-wide) and OpenMP's count for the calling thread
     * (OpenMP keeps it per thread, so each thread that runs ops sets its own).
     */
    static void ops(int threads) {
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
    }
}
