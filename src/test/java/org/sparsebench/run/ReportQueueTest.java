package org.sparsebench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparsebench.testing.CountingModelProvider;

/**
 * Finished units are reported on a background thread in the order they finished, and a failing
 * report stops the run with its own exception, as a report on the evaluating thread did.
 */
class ReportQueueTest {

    @TempDir
    Path tmp;

    @Test
    void reportsRunInSubmissionOrderOffTheCallingThread() throws IOException {
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = Collections.synchronizedList(new ArrayList<>());
        try (ReportQueue q = new ReportQueue()) {
            for (int i = 0; i < 20; i++) {
                int n = i;
                q.submit(() -> {
                    threads.add(Thread.currentThread());
                    if (n % 3 == 0) {
                        sleep(5); // a slow report does not let a later one overtake it
                    }
                    order.add(n);
                });
            }
            q.finish();
        }
        assertEquals(java.util.stream.IntStream.range(0, 20).boxed().toList(), order);
        assertTrue(threads.stream().noneMatch(t -> t == Thread.currentThread()), "not on the caller's thread");
    }

    @Test
    void aFailedReportIsRethrownUnchangedByTheNextSubmitAndTheLaterReportIsNotQueued() throws Exception {
        IOException diskFull = new IOException("disk full");
        CountDownLatch failed = new CountDownLatch(1);
        List<String> ran = Collections.synchronizedList(new ArrayList<>());
        try (ReportQueue q = new ReportQueue()) {
            q.submit(() -> ran.add("first"));
            q.submit(() -> {
                failed.countDown();
                throw diskFull;
            });
            assertTrue(failed.await(10, TimeUnit.SECONDS));
            sleep(50); // let the executor record the failure
            IOException thrown = assertThrows(IOException.class, () -> q.submit(() -> ran.add("after")));
            assertSame(diskFull, thrown);
        }
        assertEquals(List.of("first"), ran);
    }

    @Test
    void finishRethrowsARuntimeFailureUnchanged() throws IOException {
        IllegalArgumentException malformed = new IllegalArgumentException("malformed condition result");
        try (ReportQueue q = new ReportQueue()) {
            q.submit(() -> {
                throw malformed;
            });
            assertSame(malformed, assertThrows(IllegalArgumentException.class, q::finish));
        }
    }

    @Test
    void theLocalEngineReportsEveryUnitInOrderAndStopsOnAFailedReport() throws IOException {
        // A real workbench (test model, 20 samples, three noise conditions) and a sink that records the
        // reports; the same units evaluated with Workbench.run give the same documents, in the same order.
        Path models = Files.createDirectories(tmp.resolve("models"));
        Files.writeString(models.resolve(CountingModelProvider.ID + ".test"), "");
        byte[] suite = """
                name: queue
                seed: 5
                models: [counting-model]
                limit: 20
                suites:
                  - type: noise
                    corruptions: [gaussian-noise]
                    severities: [1, 2]
                """.getBytes(StandardCharsets.UTF_8);
        RunRequest req = new RunRequest("r", "now", tmp.resolve("s.yaml").toString(), null, null, null, null,
                models.toString(), Path.of("data").toAbsolutePath().toString(), "/usr/share/datasets/fashion-mnist",
                List.of());
        RunInputs inputs = new RunInputs(req, suite);
        try (Workbench wb = Workbench.open(inputs)) {
            var s = wb.spec().suites().get(0);
            List<WorkUnit> units = s.conditions().stream()
                    .map(c -> new WorkUnit("k-" + c.id(), CountingModelProvider.ID, s.id(), c.id(), inputs)).toList();
            assertEquals(3, units.size(), "clean + 2 severities");
            List<String> expected = new ArrayList<>();
            for (WorkUnit u : units) {
                expected.add(u.key() + " " + withoutSeconds(wb.run(u, n -> { }).json()));
            }
            PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
            List<String> got = Collections.synchronizedList(new ArrayList<>());
            List<Thread> on = Collections.synchronizedList(new ArrayList<>());
            EngineContext ctx = new EngineContext(null, Long.MAX_VALUE, wb, new Progress(quiet, 60, false, true),
                    r -> {
                        on.add(Thread.currentThread());
                        got.add(r.key() + " " + withoutSeconds(r.json()));
                    }, quiet);
            new LocalEngine().execute(units, ctx);
            assertEquals(expected, got);
            assertTrue(on.stream().allMatch(t -> t != Thread.currentThread()), "reported in the background");

            IOException full = new IOException("no space left on device");
            List<String> reported = Collections.synchronizedList(new ArrayList<>());
            EngineContext failing = new EngineContext(null, Long.MAX_VALUE, wb, new Progress(quiet, 60, false, true),
                    r -> {
                        reported.add(r.key());
                        throw full;
                    }, quiet);
            assertSame(full, assertThrows(IOException.class, () -> new LocalEngine().execute(units, failing)));
            assertEquals("k-" + units.get(0).condition(), reported.get(0));
        }
    }

    /** The document without its {@code seconds} entry (wall time differs between two evaluations). */
    private static String withoutSeconds(byte[] json) {
        return new String(json, StandardCharsets.UTF_8).replaceAll("\"seconds\" : [0-9.E-]+", "");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
