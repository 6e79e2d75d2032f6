package org.sparsebench.run;

import java.io.IOException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the {@link Runner} gives an {@link Engine} besides the units: engine options, the time
 * budget, the driver's own {@link Workbench}, progress, and the sink for finished units. Lives in the
 * driver only (not serializable): an engine ships {@link WorkUnit}s, not this.
 */
public final class EngineContext {

    /** What the runner does with a finished unit: checkpoint and cache it, or record its failure. */
    interface Sink {
        void accept(WorkResult result) throws IOException;
    }

    private final String master;
    private final long deadlineMillis;
    private final Workbench workbench;
    private final Progress progress;
    private final Sink sink;
    private final PrintStream log;
    private final Map<String, Object> info = new LinkedHashMap<>();

    EngineContext(String master, long deadlineMillis, Workbench workbench, Progress progress, Sink sink,
            PrintStream log) {
        this.master = master;
        this.deadlineMillis = deadlineMillis;
        this.workbench = workbench;
        this.progress = progress;
        this.sink = sink;
        this.log = log;
    }

    /** {@code --master} as given (e.g. {@code local[2]}, {@code spark://host:7077}), or null for the engine's default. */
    public String master() {
        return master;
    }

    /**
     * Wall-clock time ({@link System#currentTimeMillis()}) after which no unit may start
     * ({@code --max-minutes}); {@link Long#MAX_VALUE} without a budget.
     */
    public long deadlineMillis() {
        return deadlineMillis;
    }

    /** The driver's workbench, already opened from the same inputs the units carry. */
    public Workbench workbench() {
        return workbench;
    }

    /** Shows which unit is being evaluated. */
    public void started(WorkUnit unit) {
        progress.label(unit.model() + " · " + unit.suite() + " · " + unit.condition());
    }

    /** Adds finished samples to the progress display. */
    public void progress(int samples) {
        progress.advance(samples);
    }

    /**
     * Hands a finished unit to the runner, which checkpoints and caches it at once. Call from one
     * thread at a time; a unit reported twice (a retried or speculative task) is taken once.
     */
    public void report(WorkResult result) throws IOException {
        sink.accept(result);
    }

    /** Where an engine prints (stderr of the CLI). */
    public PrintStream log() {
        return log;
    }

    /** Adds an entry to the {@code execution.engine} record of results.json (e.g. the master URL). */
    public void describe(String key, Object value) {
        info.put(key, value);
    }

    Map<String, Object> info() {
        return info;
    }
}
