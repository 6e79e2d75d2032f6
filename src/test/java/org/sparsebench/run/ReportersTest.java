package org.sparsebench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.sparsebench.api.ReportContext;
import org.sparsebench.api.Reporter;
import org.sparsebench.api.RunResults;

/**
 * {@link Reporters}: concurrent, every reporter finishes, the first failure in order is rethrown as
 * thrown, and the built-in reporters write the same bytes as when they ran one after the other.
 */
class ReportersTest {
    private static final RunResults EMPTY = new RunResults(RunResults.SCHEMA, Map.of(), List.of(), List.of(), Map.of(),
            Map.of());

    private record Fake(String name, Writer body) implements Reporter {
        interface Writer {
            void write(Path dir) throws Exception;
        }

        @Override
        public String description() {
            return name;
        }

        @Override
        public void write(RunResults results, ReportContext context, Path runDir) throws IOException {
            try {
                body.write(runDir);
            } catch (IOException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void reportersRunAtTheSameTime() throws Exception {
        // Each of the three waits at a barrier for the other two: only concurrent reporters get past it.
        CyclicBarrier barrier = new CyclicBarrier(3);
        Path dir = Files.createTempDirectory("reporters");
        List<Reporter> three = List.of(1, 2, 3).stream().<Reporter>map(i -> new Fake("r" + i, d -> {
            barrier.await(20, TimeUnit.SECONDS);
            Files.writeString(d.resolve("r" + i), "x");
        })).toList();
        Reporters.writeAll(three, EMPTY, new ReportContext(null, id -> null), dir);
        for (int i = 1; i <= 3; i++) {
            assertEquals("x", Files.readString(dir.resolve("r" + i)));
        }
    }

    @Test
    void theFirstFailureInOrderIsRethrownAfterEveryReporterFinished() throws Exception {
        Path dir = Files.createTempDirectory("reporters");
        AtomicInteger finished = new AtomicInteger();
        IOException io = new IOException("disk full");
        List<Reporter> reporters = List.of(
                new Fake("ok", d -> finished.incrementAndGet()),
                new Fake("io", d -> {
                    throw io;
                }),
                new Fake("slow", d -> {
                    Thread.sleep(200);
                    finished.incrementAndGet();
                }),
                new Fake("bug", d -> {
                    throw new IllegalArgumentException("bug");
                }));
        IOException thrown = assertThrows(IOException.class,
                () -> Reporters.writeAll(reporters, EMPTY, new ReportContext(null, id -> null), dir));
        assertSame(io, thrown);
        assertEquals(2, finished.get(), "the reporters that did not fail all finished");
        assertTrue(Files.isDirectory(dir));
    }

    @Test
    void concurrentBuiltInReportersWriteTheBytesOfSequentialOnes(@org.junit.jupiter.api.io.TempDir Path tmp)
            throws IOException {
        Path suite = tmp.resolve("suite.yaml");
        Files.writeString(suite, """
                name: reporters
                seed: 4
                models: [relu-cnn, sparse-prior-cnn]
                limit: 40
                suites:
                  - type: noise
                    corruptions: [gaussian-noise]
                    severities: [2, 4]
                  - type: adversarial
                    attacks:
                      - {attack: fgsm, norm: linf, epsilons: [0.05]}
                    audit: false
                  - type: anomaly
                    out: [mnist-test]
                    scores: [msp]
                """);
        Path data = Path.of("data").toAbsolutePath();
        Path train = Path.of("/usr/share/datasets/fashion-mnist");
        RunOptions options = new RunOptions(suite, tmp.resolve("reports"), Path.of("models").toAbsolutePath(), data,
                train, List.of(), null, null, null, null, true, null, false, null, null);
        Runner.Outcome o = new Runner(options, new java.io.PrintStream(java.io.OutputStream.nullOutputStream())).run();

        // What the reporters saw: the phases are added to the execution record after they ran.
        RunResults r = o.results();
        Map<String, Object> execution = new java.util.LinkedHashMap<>(r.execution());
        execution.remove("phases");
        RunResults seen = new RunResults(r.schema(), r.manifest(), r.results(), r.summaries(), execution,
                r.diagnostics());
        PluginRegistry plugins = PluginRegistry.load(List.of());
        ReportContext context = new ReportContext(plugins, new org.sparsebench.data.Datasets(data, train)::open);
        Path sequential = tmp.resolve("sequential");
        List<Reporter> reporters = plugins.all(Reporter.class);
        assertTrue(reporters.size() >= 3, "html, allure, leaderboard");
        for (Reporter rep : reporters) {
            rep.write(seen, context, sequential);
        }
        Map<String, byte[]> expected = files(sequential);
        Map<String, byte[]> got = files(o.runDir());
        got.remove(ResultStore.FILE);
        assertTrue(expected.size() > 10, "index.html, allure results and attachments, leaderboard: " + expected.keySet());
        assertEquals(expected.keySet(), got.keySet());
        for (String f : expected.keySet()) {
            assertTrue(java.util.Arrays.equals(expected.get(f), got.get(f)), f + " differs");
        }
    }

    private static Map<String, byte[]> files(Path dir) throws IOException {
        Map<String, byte[]> out = new java.util.TreeMap<>();
        try (java.util.stream.Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                out.put(dir.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return out;
    }
}
