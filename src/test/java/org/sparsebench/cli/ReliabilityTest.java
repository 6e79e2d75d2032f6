package org.sparsebench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Interrupted runs, resume, the time budget and failing models, end to end. */
class ReliabilityTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUITE = """
            name: reliability
            seed: 5
            models: [relu-cnn]
            data: fashion-mnist-test
            limit: 150
            batch: 50
            suites:
              - type: noise
                corruptions: [gaussian-noise]
                severities: [1, 2, 3, 4, 5]
              - type: adversarial
                attacks:
                  - {attack: fgsm, norm: linf, epsilons: [0.02, 0.05, 0.1, 0.2]}
                  - {attack: fgsm, norm: l2, epsilons: [0.5, 1.0, 1.5]}
                audit: false
            """;

    @TempDir
    Path tmp;

    /** Whole records in the unfinished run's checkpoints.log ({@code <key> <length>} header lines). */
    private static long checkpoints(Path reports) throws IOException {
        if (!Files.isDirectory(reports)) {
            return 0;
        }
        long n = 0;
        try (Stream<Path> s = Files.walk(reports)) {
            for (Path p : s.filter(f -> f.toString().contains(".incomplete-")
                    && f.getFileName().toString().equals("checkpoints.log")).toList()) {
                try {
                    n += Files.readAllLines(p).stream().filter(l -> l.matches("[0-9a-f]{64} [0-9]+")).count();
                } catch (IOException e) {
                    // being written: count it at the next poll
                }
            }
        }
        return n;
    }

    @Test
    void runKilledWithSigkillResumesToTheSameResultsAsAnUninterruptedRun() throws Exception {
        Path suite = tmp.resolve("suite.yaml");
        Files.writeString(suite, SUITE);
        Path killed = tmp.resolve("killed");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "-Dsparsebench.home=" + Path.of("").toAbsolutePath(),
                Main.class.getName(), "run", suite.toString(), "--reports-dir", killed.toString(), "-q")
                .redirectErrorStream(true).redirectOutput(tmp.resolve("killed.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (checkpoints(killed) < 3 && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(p.isAlive(), "the run finished before it could be killed:\n" + Files.readString(tmp.resolve("killed.log")));
        p.destroyForcibly().waitFor(); // SIGKILL: no shutdown hooks, no clean-up
        assertFalse(Files.exists(killed.resolve("latest")), "a killed run must not be published");
        List<String> ids = Files.list(killed).map(f -> f.getFileName().toString())
                .filter(n -> n.startsWith(".incomplete-")).map(n -> n.substring(".incomplete-".length())).toList();
        assertEquals(1, ids.size());

        CliRunner resumed = CliRunner.run("run", "--resume", ids.get(0), "--reports-dir", killed.toString(), "-q");
        assertEquals(0, resumed.status(), resumed.err());
        JsonNode exec = JSON.readTree(killed.resolve("latest/results.json").toFile()).get("execution");
        assertTrue(exec.get("resumed").asBoolean());
        assertTrue(exec.get("conditions").get("checkpoint").asInt() >= 3, exec.toString());
        assertEquals(ids.get(0), exec.get("runId").asText());

        Path clean = tmp.resolve("clean");
        assertEquals(0, CliRunner.run("run", suite.toString(), "--reports-dir", clean.toString(), "-q").status());
        assertEquals(RunEndToEndTest.withoutExecution(clean.resolve("latest/results.json")),
                RunEndToEndTest.withoutExecution(killed.resolve("latest/results.json")));
    }

    @Test
    void timeBudgetStopsCleanlyWithAPartialResumableRun() throws IOException {
        Path suite = tmp.resolve("suite.yaml");
        Files.writeString(suite, SUITE);
        Path reports = tmp.resolve("budget");
        // 0.0001 min = 6 ms: the budget is spent after the first condition.
        CliRunner r = CliRunner.run("run", suite.toString(), "--reports-dir", reports.toString(), "-q",
                "--max-minutes", "0.0001");
        assertEquals(ExitCodes.BUDGET, r.status(), r.err());
        assertTrue(r.err().contains("time budget") && r.err().contains("--resume"), r.err());
        assertFalse(Files.exists(reports.resolve("latest")), "a partial run is not the latest complete run");
        Path partial;
        try (Stream<Path> s = Files.list(reports)) {
            partial = s.filter(f -> f.getFileName().toString().startsWith(".incomplete-")).findFirst().orElseThrow();
        }
        JsonNode root = JSON.readTree(partial.resolve("results.json").toFile());
        assertEquals("partial", root.get("manifest").get("status").asText());
        int done = root.get("results").size();
        int pending = root.get("manifest").get("pending").size();
        assertEquals(13, done + pending);
        assertTrue(pending > 0);

        String id = partial.getFileName().toString().substring(".incomplete-".length());
        CliRunner finish = CliRunner.run("run", "--resume", id, "--reports-dir", reports.toString(), "-q");
        assertEquals(0, finish.status(), finish.err());
        JsonNode full = JSON.readTree(reports.resolve("latest/results.json").toFile());
        assertEquals("complete", full.get("manifest").get("status").asText());
        assertEquals(13, full.get("results").size());
    }

    @Test
    void aModelWithNanLogitsFailsItsConditionsAndTheRunGoesOn() throws IOException {
        Path models = tmp.resolve("models");
        Files.createDirectories(models);
        Files.writeString(models.resolve("nan-model.test"), "");
        Path real = Path.of("models/relu-cnn");
        Files.createDirectories(models.resolve("relu-cnn"));
        try (Stream<Path> s = Files.list(real)) {
            for (Path f : s.toList()) {
                Files.copy(f, models.resolve("relu-cnn").resolve(f.getFileName()));
            }
        }
        Path suite = tmp.resolve("suite.yaml");
        Files.writeString(suite, "models: [nan-model, relu-cnn]\nlimit: 50\nsuites:\n  - type: noise\n"
                + "    corruptions: [gaussian-noise]\n    severities: [3]\n");
        Path reports = tmp.resolve("nan");
        CliRunner r = CliRunner.run("run", suite.toString(), "--reports-dir", reports.toString(), "--models-dir",
                models.toString(), "-q");
        assertEquals(ExitCodes.PARTIAL, r.status(), r.err());
        assertTrue(r.err().contains("nan-model / noise / clean failed: model 'nan-model' returned a non-finite logit"),
                r.err());
        JsonNode root = JSON.readTree(reports.resolve("latest/results.json").toFile());
        assertEquals(2, root.get("manifest").get("failures").size());
        assertEquals(2, root.get("results").size(), "relu-cnn's two conditions still ran");
        for (JsonNode c : root.get("results")) {
            assertEquals("relu-cnn", c.get("model").asText());
        }
        assertTrue(Files.readString(reports.resolve("latest/index.html")).contains("Failed conditions"));
    }

    @Test
    void resumeOfAnUnknownRunListsTheResumableOnes() throws IOException {
        CliRunner r = CliRunner.run("run", "--resume", "20990101-000000-000", "--reports-dir", tmp.toString());
        assertEquals(ExitCodes.BAD_INPUT, r.status());
        assertTrue(r.err().contains("no unfinished run '20990101-000000-000'") && r.err().contains("unfinished runs: none"),
                r.err());
    }
}
