package org.sparsebench.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.sparsebench.api.ReportContext;
import org.sparsebench.api.Reporter;
import org.sparsebench.api.RunResults;

/**
 * Runs a run's reporters concurrently, one thread each: they only read the finished (immutable)
 * results and each writes its own files into the run folder, so the files are the same bytes as when
 * they ran one after the other; the report phase then takes about as long as its slowest reporter
 * instead of the sum of all. Waits for every reporter, then rethrows the failure of the first one
 * (in the given order) that failed, as it was thrown.
 */
final class Reporters {
    private Reporters() {
    }

    static void writeAll(List<Reporter> reporters, RunResults results, ReportContext context, Path runDir)
            throws IOException {
        if (reporters.size() <= 1) {
            for (Reporter r : reporters) {
                r.write(results, context, runDir);
            }
            return;
        }
        ExecutorService pool = Threads.pool("sparsebench-reporter", reporters.size());
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Reporter r : reporters) {
                futures.add(pool.submit(() -> {
                    try {
                        r.write(results, context, runDir);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }));
            }
            Throwable first = null;
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    if (first == null) {
                        first = e.getCause();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while the reporters were writing", e);
                }
            }
            if (first instanceof UncheckedIOException u) {
                throw u.getCause();
            }
            if (first instanceof RuntimeException e) {
                throw e;
            }
            if (first instanceof Error e) {
                throw e;
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
