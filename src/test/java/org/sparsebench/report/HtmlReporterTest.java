package org.sparsebench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparsebench.api.Columns;
import org.sparsebench.api.ConditionResult;
import org.sparsebench.api.Metric;
import org.sparsebench.api.ReportContext;
import org.sparsebench.api.RunResults;

class HtmlReporterTest {

    private static ConditionResult noise(String model, String condition, int severity, double acc) {
        return new ConditionResult(model, "noise", "noise", condition,
                Map.of("corruption", severity == 0 ? "clean" : "gaussian-noise", "severity", severity),
                Map.of("accuracy", new Metric(acc, acc - 0.05, acc + 0.05, 0.95, "wilson", 100)),
                new Columns().ints("index", new int[] {0}), 1.0);
    }

    private static ConditionResult ood(String model) {
        double[] score = {0.9, 0.8, 0.7, 0.3, 0.2, 0.85};
        int[] isOod = {0, 0, 0, 1, 1, 1};
        return new ConditionResult(model, "anomaly", "anomaly", "mnist-test/msp", Map.of("out", "mnist-test", "score", "msp"),
                Map.of("auroc", new Metric(0.78, 0.5, 1, 0.95, "delong", 6)),
                new Columns().ints("index", new int[6]).ints("ood", isOod).doubles("score", score), 0.5);
    }

    @Test
    void rendersSelfContainedEscapedPageWithChartsAndSummary(@TempDir Path dir) throws IOException {
        String evil = "<script>alert(1)</script>";
        RunResults run = new RunResults(RunResults.SCHEMA, Map.of("runId", "r1", "name", evil, "seed", 1),
                List.of(noise("m1", "clean", 0, 0.9), noise("m1", "gaussian-noise/1", 1, 0.8),
                        noise(evil, "clean", 0, 0.7), ood("m1")));
        new HtmlReporter().write(run, ReportContext.resultsOnly(), dir);
        String html = Files.readString(dir.resolve("index.html"));
        assertFalse(html.contains(evil), "values from files must be escaped");
        assertTrue(html.contains("&lt;script&gt;"), "escaped form present");
        assertTrue(html.contains("<svg"), "charts are inline SVG");
        assertTrue(html.contains("mean corrupted accuracy"), "summary headline from the noise section");
        assertTrue(html.contains("0.800 [0.750, 0.850]"), "metric with interval");
        // Nothing is fetched: no external src/href (the SVG xmlns is a name, not a request).
        assertFalse(Pattern.compile("(src|href)\\s*=\\s*\"(https?:)?//").matcher(html).find());
        assertFalse(html.contains("<script"), "no scripts");
    }

    @Test
    void rocCurveMatchesHandComputedPoints() {
        // Scores sorted: 0.9(in) 0.85(out) 0.8(in) 0.7(in) 0.3(out) 0.2(out); 3 in, 3 out.
        double[][] roc = AnomalySection.roc(new double[] {0.9, 0.8, 0.7, 0.3, 0.2, 0.85}, new int[] {0, 0, 0, 1, 1, 1});
        double[] fpr = {0, 0, 1 / 3.0, 1 / 3.0, 1 / 3.0, 2 / 3.0, 1};
        double[] tpr = {0, 1 / 3.0, 1 / 3.0, 2 / 3.0, 1, 1, 1};
        assertEquals(fpr.length, roc[0].length);
        for (int i = 0; i < fpr.length; i++) {
            assertEquals(fpr[i], roc[0][i], 1e-12);
            assertEquals(tpr[i], roc[1][i], 1e-12);
        }
    }
}
