package org.sparsebench.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparsebench.cli.Main;
import org.sparsebench.run.RunInputs;
import org.sparsebench.run.WorkUnit;

/**
 * {@code run --engine spark} in Spark's local mode against {@code --engine local} on the committed
 * relu-cnn: the same results.json but for its execution record, also when tasks fail and are retried.
 */
class SparkEngineTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path REPO = Path.of(System.getProperty("sparsebench.home", "..")).toAbsolutePath().normalize();

    @TempDir
    Path tmp;

    private record Run(int status, String err, Path reports, double seconds) {
        Path results() {
            return reports.resolve("latest/results.json");
        }
    }

    private Run run(Path suite, String name, String... extra) {
        Path reports = tmp.resolve(name);
        List<String> args = new ArrayList<>(List.of("run", suite.toString(), "--reports-dir", reports.toString(), "-q",
                "--no-cache", "--models-dir", REPO.resolve("models").toString(), "--data-dir",
                REPO.resolve("data").toString()));
        args.addAll(List.of(extra));
        StringWriter err = new StringWriter();
        long t0 = System.nanoTime();
        int status = Main.execute(args.toArray(String[]::new), new PrintWriter(new StringWriter(), true),
                new PrintWriter(err, true));
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("[timing] %s: %.1f s%n", name, seconds);
        return new Run(status, err.toString(), reports, seconds);
    }

    private Path suite(String corruption) throws IOException {
        Path suite = tmp.resolve("small.yaml");
        Files.writeString(suite, """
                name: small
                seed: 7
                models: [relu-cnn]
                data: fashion-mnist-test
                limit: 60
                batch: 32
                suites:
                  - type: noise
                    corruptions: [%s]
                    severities: [1, 5]
                  - type: adversarial
                    attacks:
                      - {attack: fgsm, norm: linf, epsilons: [0.1]}
                    audit: false
                  - type: anomaly
                    out: [mnist-test]
                    scores: [msp]
                    perturbations: false
                """.formatted(corruption));
        return suite;
    }

    /** results.json without its execution record, as RunEndToEndTest.withoutExecution in the core. */
    private static String withoutExecution(Path results) throws IOException {
        String text = Files.readString(results);
        int cut = text.lastIndexOf("\n  \"execution\"");
        assertTrue(cut > 0, "execution section is last");
        return text.substring(0, cut);
    }

    @Test
    void sparkLocalModeWritesTheSameResultsAsTheLocalEngine() throws IOException {
        Path suite = suite("gaussian-noise");
        Run local = run(suite, "local");
        Run spark = run(suite, "spark", "--engine", "spark", "--master", "local[2]");
        assertEquals(0, local.status(), local.err());
        assertEquals(0, spark.status(), spark.err());
        assertEquals(withoutExecution(local.results()), withoutExecution(spark.results()));

        JsonNode exec = JSON.readTree(spark.results().toFile()).get("execution");
        assertEquals("spark", exec.get("engine").get("name").asText());
        assertEquals("local[2]", exec.get("engine").get("master").asText());
        // 5 units of one model on 2 cores: 4 partitions (2 x default parallelism), each loads the model once
        assertEquals(4, exec.get("engine").get("partitions").asInt());
        assertEquals(5, exec.get("conditions").get("computed").asInt(), exec.toString());
    }

    @Test
    void aTaskThatFailsItsFirstAttemptIsRetriedWithIdenticalResults() throws IOException {
        Path suite = suite("fails-first-attempt");
        Run local = run(suite, "local-flaky");
        assertEquals(0, local.status(), local.err());
        int before = FailsFirstAttempt.FAILED.get();
        Run spark = run(suite, "spark-retried", "--engine", "spark", "--master", "local[2,3]");
        assertEquals(0, spark.status(), spark.err());
        // The noise conditions (fails-first-attempt/1 and /5) sit in two of the four partitions.
        assertEquals(2, FailsFirstAttempt.FAILED.get() - before, "first attempts that failed");
        assertEquals(withoutExecution(local.results()), withoutExecution(spark.results()));
    }

    @Test
    void withoutRetriesTheInjectedFailureFailsTheRunWithItsReason() throws IOException {
        Run spark = run(suite("fails-first-attempt"), "spark-no-retry", "--engine", "spark", "--master", "local[2]");
        assertEquals(1, spark.status(), spark.err());
        assertTrue(spark.err().contains("Spark job failed") && spark.err().contains("injected failure"), spark.err());
        assertTrue(!Files.exists(spark.reports().resolve("latest")), "a failed run is not published");
    }

    @Test
    void partitionsHoldOneModelEachAndEveryUnitOnce() {
        RunInputs in = new RunInputs(null, new byte[0]);
        List<WorkUnit> units = new ArrayList<>();
        for (String m : List.of("a", "b")) {
            for (int c = 0; c < 5; c++) {
                units.add(new WorkUnit(m + c, m, "noise", "c" + c, in));
            }
        }
        List<List<WorkUnit>> parts = SparkEngine.partition(units, 4);
        assertEquals(4, parts.size());
        Set<String> seen = new HashSet<>();
        for (List<WorkUnit> p : parts) {
            assertEquals(1, p.stream().map(WorkUnit::model).distinct().count(), "one model per partition");
            p.forEach(u -> assertTrue(seen.add(u.key()), "unit twice: " + u.key()));
        }
        assertEquals(10, seen.size());
        // round-robin: units 0,2,4 and 1,3 of model a
        assertEquals(List.of("a0", "a2", "a4"), parts.get(0).stream().map(WorkUnit::key).toList());
        assertEquals(1, SparkEngine.partition(units.subList(0, 1), 8).size());
    }
}
