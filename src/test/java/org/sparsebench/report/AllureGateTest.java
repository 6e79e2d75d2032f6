package org.sparsebench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparsebench.api.GateVerdicts;
import org.sparsebench.api.ReportContext;
import org.sparsebench.api.RunResults;
import org.sparsebench.compare.ConditionVerdicts;
import org.sparsebench.compare.Gate;
import org.sparsebench.compare.Report;
import org.sparsebench.compare.RunComparison;
import org.sparsebench.compare.Synthetic;
import org.sparsebench.stats.MultipleComparisons.Correction;

/**
 * The gate's verdicts as Allure statuses, on synthetic runs (no model): the regressed condition is
 * failed with the metric, both values and the p-value in its message, the unchanged ones passed,
 * the one the baseline lacks skipped, and every file validates against the allure-results schema.
 */
class AllureGateTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int N = 400;

    @TempDir
    Path dir;

    @Test
    void statusesFollowTheGate() throws IOException {
        int[] base = Synthetic.outcomes(N, 0.9, 1);
        // 60 of the baseline's correct samples turn wrong, none the other way: exact McNemar p = 2 * 0.5^60.
        int[] weak = Synthetic.breakSome(base, 60);
        int[] idx = Synthetic.range(0, N);
        RunResults baseline = Synthetic.run("base-run", Synthetic.SHA,
                Synthetic.noise("relu-cnn", "clean", idx, base),
                Synthetic.noise("relu-cnn", "gaussian-noise/3", idx, base),
                Synthetic.anomaly("relu-cnn", 300, 1.5, 5));
        RunResults current = Synthetic.run("new-run", Synthetic.SHA,
                Synthetic.noise("relu-cnn", "clean", idx, base),
                Synthetic.noise("relu-cnn", "gaussian-noise/3", idx, weak),
                Synthetic.noise("relu-cnn", "gaussian-noise/5", idx, weak),
                Synthetic.anomaly("relu-cnn", 300, 1.5, 5));
        Gate gate = new Gate(0.05, Correction.HOLM, Map.of("accuracy", new Gate.Rule(0.01,
                org.sparsebench.compare.Direction.HIGHER), "auroc", new Gate.Rule(0.01,
                org.sparsebench.compare.Direction.HIGHER)));
        Report report = RunComparison.compare(baseline, current, new RunComparison.Options(0.05, Correction.HOLM, gate,
                500, 42, false));
        GateVerdicts verdicts = ConditionVerdicts.of(report, baseline, current);
        assertFalse(verdicts.passed());

        new AllureReporter().write(current, ReportContext.resultsOnly().withGate(verdicts), dir);

        Map<String, JsonNode> cases = cases(dir.resolve(AllureReporter.DIR));
        assertEquals(current.results().size(), cases.size(), "one case per model x suite x condition");
        assertEquals("passed", cases.get("clean").get("status").asText());
        assertEquals("passed", cases.get("mnist-test/msp").get("status").asText());
        assertEquals("skipped", cases.get("gaussian-noise/5").get("status").asText());
        assertTrue(cases.get("gaussian-noise/5").at("/statusDetails/message").asText().contains("not in the baseline"));
        JsonNode failed = cases.get("gaussian-noise/3");
        assertEquals("failed", failed.get("status").asText());
        String message = failed.at("/statusDetails/message").asText();
        // Expected values from the synthetic outcomes: accuracy = mean of the 0/1 outcomes.
        double before = mean(base);
        double after = mean(weak);
        assertEquals(before - 0.15, after, 1e-12, "60 of 400 broken");
        assertTrue(message.contains("accuracy worse by 0.1500"), message);
        assertTrue(message.contains(String.format(java.util.Locale.ROOT, "baseline %.4f", before)), message);
        assertTrue(message.contains(String.format(java.util.Locale.ROOT, "current %.4f", after)), message);
        // 2 * 0.5^60 is far below the 1e-4 the formatter prints as "<0.0001".
        assertTrue(message.contains("p <0.0001") && message.contains("mcnemar"), message);
        assertTrue(message.contains("base-run"), "names the baseline run: " + message);
        // The run-level verdict in Allure's environment file, read back as Allure reads it (java.util.Properties).
        java.util.Properties env = new java.util.Properties();
        try (InputStream in = Files.newInputStream(dir.resolve(AllureReporter.DIR).resolve(AllureReporter.ENVIRONMENT))) {
            env.load(in);
        }
        assertEquals(verdicts.summary(), env.getProperty("sparsebench.gate"));
        assertTrue(env.getProperty("sparsebench.gate").startsWith("gate FAILED: relu-cnn/noise/gaussian-noise/3/accuracy"));
        assertEquals("base-run", env.getProperty("sparsebench.gate.baseline"));
    }

    @Test
    void withoutAGateEveryFinishedConditionPassesWithoutDetails() throws IOException {
        int[] idx = Synthetic.range(0, 50);
        RunResults run = Synthetic.run("r", Synthetic.SHA, Synthetic.noise("m", "clean", idx,
                Synthetic.outcomes(50, 0.8, 2)));
        new AllureReporter().write(run, ReportContext.resultsOnly(), dir);
        JsonNode tc = cases(dir.resolve(AllureReporter.DIR)).get("clean");
        assertEquals("passed", tc.get("status").asText());
        assertNull(tc.get("statusDetails"));
        assertFalse(Files.exists(dir.resolve(AllureReporter.DIR).resolve(AllureReporter.ENVIRONMENT)));
    }

    private static double mean(int[] x) {
        double s = 0;
        for (int v : x) {
            s += v;
        }
        return s / x.length;
    }

    /** The result files by condition (names are "model · condition"; one model here), each schema-checked. */
    static Map<String, JsonNode> cases(Path allure) throws IOException {
        JsonSchema schema;
        try (InputStream in = AllureGateTest.class.getResourceAsStream("/schemas/allure-result.schema.json")) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
        Map<String, JsonNode> out = new HashMap<>();
        try (Stream<Path> s = Files.list(allure)) {
            for (Path f : s.filter(p -> p.toString().endsWith("-result.json")).toList()) {
                JsonNode tc = JSON.readTree(f.toFile());
                assertEquals(Set.of(), schema.validate(tc), f.toString());
                assertNull(out.put(tc.get("name").asText().split(" · ", 2)[1], tc), "one case per condition");
            }
        }
        return out;
    }
}
