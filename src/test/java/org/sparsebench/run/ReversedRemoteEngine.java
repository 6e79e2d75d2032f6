package org.sparsebench.run;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A test engine that behaves like a remote one without a cluster: it ships the units through Java
 * serialization (as Spark does), evaluates them in reverse order on a workbench rebuilt from the
 * deserialized inputs (as an executor does), and reports the results through serialization too.
 */
public final class ReversedRemoteEngine implements Engine {

    @Override
    public String name() {
        return "reversed-remote";
    }

    @Override
    public void execute(List<WorkUnit> units, EngineContext ctx) throws IOException {
        @SuppressWarnings("unchecked")
        List<WorkUnit> shipped = new ArrayList<>((List<WorkUnit>) roundTrip(new ArrayList<>(units)));
        Collections.reverse(shipped);
        try (Workbench executor = Workbench.open(shipped.get(0).inputs())) {
            for (WorkUnit u : shipped) {
                ctx.report((WorkResult) roundTrip(executor.run(u, n -> { })));
            }
        }
    }

    private static Object roundTrip(Object o) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return in.readObject();
        } catch (ClassNotFoundException e) {
            throw new IOException(e);
        }
    }
}
