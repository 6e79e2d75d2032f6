package org.sparsebench.run;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waiting for the run's background tasks and rethrowing their failures as they were thrown. */
final class Futures {
    private Futures() {
    }

    /**
     * {@link Future#get()}, waiting on through interrupts (the task cannot be stopped half-way); the interrupt
     * is restored afterwards.
     */
    static <T> T await(Future<T> f) throws ExecutionException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return f.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw new ExecutionException(original(f, e.getCause()));
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * The exception the task threw: a fork-join task joined from another thread hands out a new exception of
     * the same class whose cause is the one thrown (for a stack trace of the joining thread); that one is
     * unwrapped, so that callers rethrow what was thrown.
     */
    private static Throwable original(Future<?> f, Throwable t) {
        if (f instanceof java.util.concurrent.ForkJoinTask && t != null && t.getCause() != null
                && t.getCause().getClass() == t.getClass()) {
            return t.getCause();
        }
        return t;
    }

    /** {@link #await}, a failure rethrown unchecked as it was thrown ({@link #unchecked}). */
    static <T> T join(Future<T> f) {
        try {
            return await(f);
        } catch (ExecutionException e) {
            throw unchecked(e.getCause());
        }
    }

    /** {@code t} itself when unchecked, else wrapped in an {@link IllegalStateException}: {@code throw unchecked(t)}. */
    static RuntimeException unchecked(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error err) {
            throw err;
        }
        return new IllegalStateException(t);
    }

    /** Rethrows {@code t} as it was thrown when it is an {@link IOException} or unchecked; does nothing for null. */
    static void rethrow(Throwable t) throws IOException {
        if (t instanceof IOException io) {
            throw io;
        }
        if (t != null) {
            throw unchecked(t);
        }
    }
}
