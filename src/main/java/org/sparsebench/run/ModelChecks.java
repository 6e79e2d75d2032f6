package org.sparsebench.run;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs the plan's check of each model (load it, check it against the data, compute its diagnostics)
 * on a few threads, so that a run's models load side by side instead of one after another, and hands
 * the outcomes back in the order of the ids. All or nothing, like the loop it replaces: when a check
 * throws, the checks not yet started are cancelled, the running ones are waited for, every outcome
 * already produced is discarded (its model closed), and the exception of the first failing id in
 * order is rethrown as it was thrown. Checks start in the order of the ids, so that is the exception a
 * loop over the ids would have thrown.
 */
final class ModelChecks {
    private ModelChecks() {
    }

    /**
     * @param ids     model ids, in canonical order
     * @param threads how many checks may run at once (1: one after another, on the calling thread)
     * @param check   the check of one id; must be safe to run for different ids at once
     * @param discard releases an outcome when another check failed
     * @return the outcomes, in the order of {@code ids}
     */
    static <T> List<T> inOrder(List<String> ids, int threads, Function<String, T> check, Consumer<T> discard) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads " + threads + " < 1");
        }
        if (threads == 1 || ids.size() <= 1) {
            List<T> out = new ArrayList<>();
            try {
                for (String id : ids) {
                    out.add(check.apply(id));
                }
            } catch (RuntimeException | Error e) {
                out.forEach(discard);
                throw e;
            }
            return out;
        }
        ExecutorService pool = Threads.pool("sparsebench-model-check", Math.min(threads, ids.size()));
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (String id : ids) {
                futures.add(pool.submit(() -> check.apply(id)));
            }
            List<T> out = new ArrayList<>();
            Throwable failure = null;
            for (Future<T> f : futures) {
                try {
                    T value = Futures.await(f);
                    if (failure == null) {
                        out.add(value);
                    } else {
                        discard.accept(value);
                    }
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = e.getCause();
                        futures.forEach(g -> g.cancel(false)); // not started yet: never started
                    }
                } catch (CancellationException e) {
                    // cancelled after an earlier failure
                }
            }
            if (failure != null) {
                out.forEach(discard);
                throw Futures.unchecked(failure);
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
