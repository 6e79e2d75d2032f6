package org.sparsebench.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparsebench.api.Columns;
import org.sparsebench.api.ConditionResult;
import org.sparsebench.api.ConfigException;
import org.sparsebench.api.Metric;
import org.sparsebench.api.RunResults;
import org.sparsebench.api.SuiteSummary;

class ResultStoreTest {

    private static RunResults sample() {
        ConditionResult r = new ConditionResult("m", "noise", "noise", "clean", Map.of("severity", 0),
                Map.of("accuracy", new Metric(0.75, 0.6, 0.85, 0.95, "wilson", 4), "fpr", Metric.point(0.5, 4)),
                new Columns().ints("index", new int[] {3, 1, 4, 1}).ints("correct", new int[] {1, 1, 0, 1})
                        .doubles("score", new double[] {0.5, 0.25, 1e-9, 0.125}), 1.5,
                Map.of("sparsity/conv0", new Metric(0.4, 0.3, 0.5, 0.95, "normal-mean", 4)));
        SuiteSummary s = new SuiteSummary("m", "noise", "noise", "mCE", Map.of("baseline", "m"),
                Map.of("mCE", Metric.point(1.0, 4)));
        Map<String, Object> diagnostics = Map.of("m", Map.of("samples", 4, "layers", List.of(Map.of("name", "conv0",
                "activationSparsity", 0.5, "positiveBiasFraction", 0.0, "mutualCoherence", 0.25,
                "istaObjective", List.of(2.0, 1.5)))));
        return new RunResults(RunResults.SCHEMA, Map.of("runId", "x", "seed", 1), List.of(r), List.of(s),
                Map.of("runId", "x"), diagnostics);
    }

    @Test
    void roundTripIsLosslessAndByteStable(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("results.json");
        ResultStore.write(sample(), f);
        RunResults back = ResultStore.read(f);
        ConditionResult r = back.results().get(0);
        assertEquals(0.75, r.metrics().get("accuracy").value());
        assertTrue(Double.isNaN(r.metrics().get("fpr").lower()), "no interval is stored as null and read as NaN");
        assertArrayEquals(new int[] {3, 1, 4, 1}, r.samples().ints("index"));
        assertArrayEquals(new double[] {0.5, 0.25, 1e-9, 0.125}, r.samples().doubles("score"));
        assertEquals("mCE", back.summaries().get(0).name());
        assertEquals(new Metric(0.4, 0.3, 0.5, 0.95, "normal-mean", 4), r.diagnostics().get("sparsity/conv0"));
        assertEquals(sample().diagnostics(), back.diagnostics());
        assertTrue(r.metrics().keySet().stream().noneMatch(k -> k.startsWith("sparsity")), "diagnostics are no metrics");
        assertArrayEquals(Files.readAllBytes(f), ResultStore.toJson(back));
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count(), "no temp files left behind");
        }
    }

    @Test
    void rejectsFilesOfAnotherSchema(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("other.json");
        Files.writeString(f, "{\"schema\": \"sparsebench.results/99\", \"results\": []}");
        ConfigException e = assertThrows(ConfigException.class, () -> ResultStore.read(f));
        assertTrue(e.getMessage().contains("schema sparsebench.results/99 is not supported"), e.getMessage());
        Files.writeString(f, "not json");
        assertThrows(ConfigException.class, () -> ResultStore.read(f));
    }
}
