package org.sparsebench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.sparsebench.api.Suite;

/** {@link LocalEngine}'s lanes: the same documents as one lane, each unit once, failures rethrown. */
class LocalEngineTest {

    private static WorkUnit unit(String model, String condition) {
        return new WorkUnit(model + "/" + condition, model, "s", condition, null);
    }

    @Test
    void groupsAreModelsInOrderTakenFromBothEnds() {
        List<WorkUnit> units = List.of(unit("a", "1"), unit("b", "1"), unit("a", "2"), unit("a", "3"), unit("b", "2"));
        List<LocalEngine.Group> groups = LocalEngine.Group.byModel(units);
        assertEquals(2, groups.size());
        LocalEngine.Group a = groups.get(0);
        LocalEngine.Group b = groups.get(1);
        assertEquals(3, a.left());
        assertSame(a, LocalEngine.Group.mostLeft(groups, 2), "a has 3 units left, b 2");
        assertEquals("a/1", a.first().key()); // the claiming lane: canonical order
        assertEquals("a/3", a.last().key()); // another lane: from the back
        assertEquals(1, a.left());
        assertSame(b, LocalEngine.Group.mostLeft(groups, 2), "b has 2 left, a 1");
        assertEquals("a/2", a.last().key());
        assertNull(a.first(), "each unit is handed out once");
        assertNull(a.last());
        b.first();
        assertNull(LocalEngine.Group.mostLeft(groups, 2), "1 unit left is not worth a second copy of the model");
        assertSame(b, LocalEngine.Group.mostLeft(groups, 1));
    }

    /** Three committed models, three noise conditions each, 24 samples. */
    private static RunInputs inputs(Path suiteFile) {
        byte[] suite = """
                name: lanes
                seed: 5
                models: [relu-cnn, sparse-prior-cnn, kwta-cnn]
                limit: 24
                suites:
                  - type: noise
                    corruptions: [gaussian-noise]
                    severities: [1, 2]
                """.getBytes(StandardCharsets.UTF_8);
        RunRequest req = new RunRequest("r", "now", suiteFile.toString(), null, null, null, null,
                Path.of("models").toAbsolutePath().toString(), Path.of("data").toAbsolutePath().toString(),
                "/usr/share/datasets/fashion-mnist", List.of());
        return new RunInputs(req, suite);
    }

    @Test
    void twoLanesGiveOneLanesDocumentsEachUnitOnce() throws IOException {
        RunInputs inputs = inputs(Path.of("lanes.yaml"));
        try (Workbench wb = Workbench.open(inputs)) {
            List<WorkUnit> units = new ArrayList<>();
            for (String model : wb.spec().models()) {
                Suite s = wb.spec().suites().get(0);
                s.conditions().forEach(c -> units.add(new WorkUnit(model + "/" + c.id(), model, s.id(), c.id(), inputs)));
            }
            assertEquals(9, units.size(), "3 models x (clean + 2 severities)");
            PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
            Map<String, String> oneLane = Collections.synchronizedMap(new TreeMap<>());
            new LocalEngine(1).execute(units, new EngineContext(null, Long.MAX_VALUE, wb,
                    new Progress(quiet, 9 * 24, false, true), r -> oneLane.put(r.key(), withoutSeconds(r.json())), quiet));
            List<String> reported = Collections.synchronizedList(new ArrayList<>());
            Map<String, String> twoLanes = Collections.synchronizedMap(new TreeMap<>());
            EngineContext ctx = new EngineContext(null, Long.MAX_VALUE, wb, new Progress(quiet, 9 * 24, false, true),
                    r -> {
                        reported.add(r.key());
                        twoLanes.put(r.key(), withoutSeconds(r.json()));
                    }, quiet);
            new LocalEngine(2).execute(units, ctx);
            assertEquals(2, ctx.info().get("lanes"));
            assertEquals(9, reported.size(), "every unit reported once");
            assertEquals(9, oneLane.size());
            assertEquals(oneLane, twoLanes, "same documents, whichever lane and model copy computed them");

            IOException full = new IOException("no space left on device");
            EngineContext failing = new EngineContext(null, Long.MAX_VALUE, wb,
                    new Progress(quiet, 9 * 24, false, true), r -> {
                        throw full;
                    }, quiet);
            assertSame(full, assertThrows(IOException.class, () -> new LocalEngine(2).execute(units, failing)),
                    "a lane's failure is rethrown unchanged");
            assertTrue(Threads.current() >= 1);
        }
    }

    @Test
    void theThreadsAppliedDecideTheLanes() {
        // run --threads 1 must mean one lane: current() reads back what Threads applied
        int before = Threads.current();
        try {
            Threads.ops(1);
            assertEquals(1, Threads.current());
        } finally {
            Threads.ops(before);
        }
        assertEquals(before, Threads.current(), "restored");
    }

    /** The document without its {@code seconds} entry (wall time differs between two evaluations). */
    private static String withoutSeconds(byte[] json) {
        return new String(json, StandardCharsets.UTF_8).replaceAll("\"seconds\" : [0-9.E-]+", "");
    }
}
