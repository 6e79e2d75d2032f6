package org.sparsebench.run;

import java.io.IOException;
import java.util.List;
import org.sparsebench.api.ConfigException;

/** The default engine: every unit in this JVM, one after another, in canonical order. */
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
        for (WorkUnit unit : units) {
            if (System.currentTimeMillis() > ctx.deadlineMillis()) {
                return;
            }
            ctx.started(unit);
            ctx.report(workbench.run(unit, ctx::progress));
        }
    }
}
