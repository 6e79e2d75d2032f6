package org.sparsebench.run;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.sparsebench.api.ConditionResult;
import org.sparsebench.api.Suite;
import org.sparsebench.api.SuiteSummary;

/**
 * A run's suite summaries (CE/mCE bootstraps, OOD comparisons), each started on a background thread as
 * soon as the last of its suite's units is in, while the engine goes on with the units of later suites
 * and models; the runner used to compute all of them after the last unit. A summary is a function of the
 * suite's results in canonical order, and it gets exactly that list, so the summaries do not change.
 * {@link #all} returns them in the suites' order and rethrows a failed summary's exception as it was
 * thrown (as computing it on the calling thread would); a suite with a unit that failed or did not run
 * is summarized there, on the calling thread, from the results that are in.
 *
 * <p>{@link #finished} is called by one thread at a time (the engine's report sink); {@link #all} after
 * the engine has finished.
 */
final class SuiteSummaries implements AutoCloseable {
    private final Map<String, Suite> suites = new LinkedHashMap<>();
    /** Unit keys of each suite, in canonical order. */
    private final Map<String, List<String>> keys = new HashMap<>();
    private final Map<String, Integer> remaining = new HashMap<>();
    /** Keys of the units counted as finished (or already done at the start). */
    private final java.util.Set<String> counted = new java.util.HashSet<>();
    private final Map<String, Future<List<SuiteSummary>>> started = new HashMap<>();
    private ExecutorService pool;

    /**
     * @param suites the run's suites, in order
     * @param units  every unit of the run, in canonical order
     * @param done   the results already in (checkpoints, cache) by unit key; suites with nothing left
     *               to compute start at once
     */
    SuiteSummaries(List<Suite> suites, List<WorkUnit> units, Map<String, ConditionResult> done) {
        for (Suite s : suites) {
            this.suites.put(s.id(), s);
            keys.put(s.id(), new ArrayList<>());
            remaining.put(s.id(), 0);
        }
        for (WorkUnit u : units) {
            keys.get(u.suite()).add(u.key());
            if (done.containsKey(u.key())) {
                counted.add(u.key());
            } else {
                remaining.merge(u.suite(), 1, Integer::sum);
            }
        }
        for (Suite s : suites) {
            if (remaining.get(s.id()) == 0) {
                start(s, done);
            }
        }
    }

    /** {@code unit}'s result is now in {@code done}; when it was its suite's last, the summary starts. */
    synchronized void finished(WorkUnit unit, Map<String, ConditionResult> done) {
        Integer left = remaining.get(unit.suite());
        if (left == null || left == 0 || !counted.add(unit.key())) {
            return; // not one of the run's units, or already counted
        }
        remaining.put(unit.suite(), left - 1);
        if (left == 1) {
            start(suites.get(unit.suite()), done);
        }
    }

    private void start(Suite suite, Map<String, ConditionResult> done) {
        // The list is built here, on the reporting thread, from results that no longer change.
        List<ConditionResult> results = keys.get(suite.id()).stream().map(done::get).toList();
        if (pool == null) {
            pool = Threads.pool("sparsebench-summaries", 1);
        }
        started.put(suite.id(), pool.submit(() -> suite.summarize(results)));
    }

    /**
     * Every suite's summaries, in the suites' order. {@code results} are the run's results in canonical
     * order; a suite whose summary has not started is summarized from its part of them here.
     */
    synchronized List<SuiteSummary> all(List<ConditionResult> results) {
        List<SuiteSummary> out = new ArrayList<>();
        for (Suite suite : suites.values()) {
            Future<List<SuiteSummary>> f = started.get(suite.id());
            if (f == null) {
                out.addAll(suite.summarize(results.stream().filter(r -> r.suite().equals(suite.id())).toList()));
            } else {
                out.addAll(Futures.join(f));
            }
        }
        return out;
    }

    @Override
    public synchronized void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
