package org.sparsebench.run;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Hands finished units to the runner on one background thread, in the order they finished, so that
 * serializing, checkpointing and caching a unit's result overlaps the evaluation of the next one. A
 * report that throws stops the run as it would have without the queue: its exception is rethrown,
 * unchanged, by the next {@link #submit} or by {@link #finish}, so at most the unit already being
 * evaluated when it failed is evaluated in vain. {@link #close} waits for the reports already
 * submitted (their checkpoints are what a resumed run reuses). Several threads may submit.
 */
final class ReportQueue implements AutoCloseable {

    /** A report, as {@link EngineContext#report}. */
    interface Task {
        void run() throws IOException;
    }

    /** Carries a task's {@link IOException} through the executor. */
    private static final class WrappedIo extends RuntimeException {
        private final IOException io;

        WrappedIo(IOException io) {
            super(io);
            this.io = io;
        }
    }

    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "sparsebench-report");
        t.setDaemon(true);
        return t;
    });
    private final Deque<Future<?>> pending = new ArrayDeque<>();

    /** Queues {@code task} after the ones before it; first rethrows the failure of an earlier one, if any. */
    synchronized void submit(Task task) throws IOException {
        rethrowFinished();
        pending.add(thread.submit(() -> {
            try {
                task.run();
            } catch (IOException e) {
                throw new WrappedIo(e);
            }
            return null;
        }));
    }

    /** Waits for every queued report; rethrows the first failure. */
    synchronized void finish() throws IOException {
        while (!pending.isEmpty()) {
            take(pending.peekFirst());
            pending.removeFirst();
        }
    }

    /** Rethrows the failure of a report that has finished (in submission order); drops the finished ones. */
    private void rethrowFinished() throws IOException {
        while (!pending.isEmpty() && pending.peekFirst().isDone()) {
            take(pending.peekFirst());
            pending.removeFirst();
        }
    }

    private static void take(Future<?> f) throws IOException {
        try {
            Futures.await(f);
        } catch (ExecutionException e) {
            Futures.rethrow(e.getCause() instanceof WrappedIo w ? w.io : e.getCause());
        }
    }

    /** Waits for the reports already submitted (ignoring their failures: an exception is already on its way), then stops the thread. */
    @Override
    public void close() {
        thread.shutdown();
        try {
            finish();
        } catch (IOException | RuntimeException | Error e) {
            // finish() of a normal run has rethrown it already; here the run is failing anyway
        }
    }
}
