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

    /**
     * The threads ND4J's ops may use now: {@code --threads} once applied, else libnd4j's default (all cores). Read
     * from both limits: libnd4j M2.1 keeps {@code maxThreads} at the core count when asked for fewer (measured:
     * {@code setMaxThreads(1)} leaves it at 2 on 2 cores), while {@code maxMasterThreads} follows.
     */
    /**
     * A pool of {@code threads} daemon threads named {@code name} (one) or {@code name-i} for the run's background work. A fork-join pool, so that
     * the parallel streams of the work it runs (corruptions, bootstraps, k-WTA, sparse-coding objectives) run
     * in it: two threads outside any fork-join pool running parallel streams on the common pool at once
     * livelocked in JDK 17's {@code ForkJoinPool.helpComplete} (a lane and the summaries thread with
     * {@code --threads 1}, two lanes at {@code --limit 10000}; docs/PERFORMANCE.md, session 6).
     */
    static java.util.concurrent.ForkJoinPool pool(String name, int threads) {
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        return new java.util.concurrent.ForkJoinPool(threads, p -> {
            java.util.concurrent.ForkJoinWorkerThread t =
                    java.util.concurrent.ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
            t.setName(threads == 1 ? name : name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, null, false);
    }

    static int current() {
        return Math.max(1, Math.min(Nd4j.getEnvironment().maxThreads(), Nd4j.getEnvironment().maxMasterThreads()));
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
