package org.sparsebench.run;

import java.io.IOException;
import java.util.List;

/**
 * Where the work units of a run are evaluated: {@code local} (this JVM, one after another) or a
 * distributed engine such as {@code spark} from the optional {@code sparsebench-spark} module.
 * Engines are found with {@link java.util.ServiceLoader} ({@code META-INF/services/org.sparsebench.run.Engine})
 * and chosen with {@code --engine}; they need a public no-argument constructor.
 *
 * <p>The {@link Runner} stays the one orchestrator: it plans the units (leaving out those already
 * checkpointed or cached), hands the rest to {@link #execute}, and checkpoints, caches and assembles
 * what the engine reports, in canonical order. An engine only evaluates.
 */
public interface Engine {

    /** The id {@code --engine} takes, e.g. {@code local}. */
    String name();

    /**
     * Evaluates {@code units} (in canonical order, never empty) and reports each finished one with
     * {@link EngineContext#report} on the calling thread or on one thread at a time, in any order, as
     * soon as it is done, so a crash loses little. A unit not reported when this returns counts as
     * pending (the time budget {@link EngineContext#deadlineMillis()} ran out before it started).
     * Every unit must be evaluated by {@link Workbench#run} on a workbench opened from the unit's
     * {@link WorkUnit#inputs()}, which makes the results independent of the engine.
     */
    void execute(List<WorkUnit> units, EngineContext ctx) throws IOException;
}
