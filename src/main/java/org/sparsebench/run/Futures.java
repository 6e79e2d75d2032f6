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
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
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
