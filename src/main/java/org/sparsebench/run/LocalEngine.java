package org.sparsebench.run;

import java.io.IOException;
import java.util.List;
import org.sparsebench.api.ConfigException;

/**
 * The default engine: every unit in this JVM, one after another, in canonical order; each finished
 * unit is reported (encoded, checkpointed, cached) on a background thread while the next one runs.
 */
public final class LocalEngine implements Engine {
    public static final String NAME = "local";

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
        Workbench workbench = ctx.workbench();
        // Encoding, checkpointing and caching a finished unit overlap the evaluation of the next one.
        try (ReportQueue reports = new ReportQueue()) {
            for (WorkUnit unit : units) {
                if (System.currentTimeMillis() > ctx.deadlineMillis()) {
                    break;
                }
                ctx.started(unit);
                java.util.function.Supplier<WorkResult> result = workbench.evaluate(unit, ctx::progress);
                reports.submit(() -> ctx.report(result.get()));
            }
            reports.finish();
        }
    }
}
