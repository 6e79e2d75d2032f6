package org.sparsebench.run;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.sparsebench.api.ConfigException;

/**
 * The default engine: every unit in this JVM, on {@code lanes} threads, each finished unit reported
 * (encoded, checkpointed, cached) on a background thread while the lanes go on.
 *
 * <p>With more than one lane the run's threads are split between them ({@code --threads}, default all
 * cores: 2 lanes of one ND4J/oneDNN thread each on 2 cores). A lane claims the next model's units and
 * evaluates them in canonical order with its own loaded model (models are not thread-safe); a lane with
 * no model left to claim takes units from the back of the model with the most units left, loading its
 * own copy of that model, so that the lanes finish together. Single-threaded ops on two models at once
 * beat two-threaded ops on one model at a time: each lane's data, statistics and reporting work also
 * overlaps the other lane's model calls (docs/PERFORMANCE.md, session 6). Units are independent, so the
 * results do not depend on the order (the runner assembles them in canonical order).
 */
public final class LocalEngine implements Engine {
    public static final String NAME = "local";

    /** The threads to split between lanes; null: {@code --threads} as applied, else all cores. */
    private final Integer threads;

    public LocalEngine() {
        this(null);
    }

    /** An engine that splits {@code threads} between its lanes whatever {@code --threads} says (tests). */
    LocalEngine(Integer threads) {
        this.threads = threads;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void execute(List<WorkUnit> units, EngineContext ctx) throws IOException {
        if (ctx.master() != null) {
            throw new ConfigException("--master " + ctx.master() + ": only a distributed engine takes a master"
                    + " (e.g. --engine spark); the local engine runs in this JVM");
        }
        List<Group> groups = Group.byModel(units);
        int threads = this.threads != null ? this.threads : Threads.current();
        int lanes = Math.max(1, Math.min(groups.size(), threads));
        ctx.describe("lanes", lanes);
        // Encoding, checkpointing and caching a finished unit overlap the evaluation of the next ones.
        try (ReportQueue reports = new ReportQueue()) {
            int before = Threads.current();
            try {
                inLanes(groups, lanes, Math.max(1, threads / lanes), ctx, reports);
            } finally {
                Threads.ops(before);
            }
            reports.finish();
        }
    }

    /** Runs the groups on {@code lanes} threads of {@code perLane} ND4J threads each; rethrows the first failure. */
    private static void inLanes(List<Group> groups, int lanes, int perLane, EngineContext ctx, ReportQueue reports)
            throws IOException {
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        // Each lane runs as the task of its own pool (Threads.pool), where its parallel streams stay.
        List<ForkJoinPool> pools = new ArrayList<>();
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < lanes; i++) {
                ForkJoinPool pool = Threads.pool("sparsebench-lane-" + (i + 1), perLane);
                pools.add(pool);
                running.add(pool.submit(() -> {
                    try {
                        Threads.ops(perLane); // OpenMP's thread count is this thread's own setting
                        lane(groups, next, failure, ctx, reports);
                    } catch (Throwable t) {
                        failure.compareAndSet(null, t);
                    }
                }));
            }
            for (Future<?> f : running) {
                try {
                    Futures.await(f);
                } catch (java.util.concurrent.ExecutionException e) {
                    failure.compareAndSet(null, e.getCause());
                }
            }
        } finally {
            pools.forEach(ForkJoinPool::shutdownNow);
        }
        Futures.rethrow(failure.get());
    }

    /** One lane: claimed models front to back, then units taken from the back of the others. */
    private static void lane(List<Group> groups, AtomicInteger next, AtomicReference<Throwable> failure,
            EngineContext ctx, ReportQueue reports) throws IOException {
        try (Workbench.Lane lane = ctx.workbench().lane()) {
            Group current = null;
            boolean fromBack = false;
            while (failure.get() == null && System.currentTimeMillis() <= ctx.deadlineMillis()) {
                WorkUnit unit = current == null ? null : fromBack ? current.last() : current.first();
                if (unit == null) {
                    int g = next.getAndIncrement();
                    if (g < groups.size()) {
                        current = groups.get(g);
                        fromBack = false;
                        continue;
                    }
                    current = Group.mostLeft(groups, 2);
                    fromBack = true;
                    if (current == null) {
                        return;
                    }
                    continue;
                }
                ctx.started(unit);
                java.util.function.Supplier<WorkResult> result = lane.evaluate(unit, ctx::progress);
                reports.submit(() -> ctx.report(result.get()));
            }
        }
    }

    /** The units of one model in canonical order, taken from the front by the lane that claimed them and from the back by others. */
    static final class Group {
        private final List<WorkUnit> units;
        private int front;
        private int back;

        Group(List<WorkUnit> units) {
            this.units = List.copyOf(units);
            this.back = this.units.size();
        }

        /** The units grouped by model, models in order of first appearance. */
        static List<Group> byModel(List<WorkUnit> units) {
            Map<String, List<WorkUnit>> byModel = new LinkedHashMap<>();
            units.forEach(u -> byModel.computeIfAbsent(u.model(), m -> new ArrayList<>()).add(u));
            return byModel.values().stream().map(Group::new).toList();
        }

        /** The group with the most units left, if it has at least {@code min}; else null. */
        static Group mostLeft(List<Group> groups, int min) {
            Group best = null;
            int most = min - 1;
            for (Group g : groups) {
                int left = g.left();
                if (left > most) {
                    best = g;
                    most = left;
                }
            }
            return best;
        }

        synchronized WorkUnit first() {
            return front < back ? units.get(front++) : null;
        }

        synchronized WorkUnit last() {
            return front < back ? units.get(--back) : null;
        }

        synchronized int left() {
            return back - front;
        }
    }
}
