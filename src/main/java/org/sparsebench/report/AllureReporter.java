package org.sparsebench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sparsebench.api.ConditionResult;
import org.sparsebench.api.GateVerdicts;
import org.sparsebench.api.Metric;
import org.sparsebench.api.ReportContext;
import org.sparsebench.api.ReportSection;
import org.sparsebench.api.Reporter;
import org.sparsebench.api.RunResults;
import org.sparsebench.run.ResultStore;

/**
 * Allure results ({@code allure-results/}): one test case per model × suite × condition, its metric
 * values as parameters, labelled by suite (Allure "suite"), family ("feature") and model
 * ("story"), with the suite's charts attached as SVG and the condition's example images (those the
 * HTML report draws, see {@link ExampleSource}) as PNG. {@code allure generate allure-results} then
 * shows the benchmark as a test report.
 *
 * <p>Status: a condition that failed (non-finite output) is {@code broken}. With a gate
 * ({@link ReportContext#gate()}, {@code run --gate}) a condition is {@code failed} when a gated
 * metric regressed, {@code passed} when its gated metrics held, and {@code skipped} when the gate has
 * no verdict on it (not in the baseline, or none of its metrics gated) - as JUnit reports a test
 * whose assumption does not hold; the status details give the gate's reason. Without a gate every
 * finished condition is {@code passed}.
 */
public final class AllureReporter implements Reporter {
    public static final String DIR = "allure-results";
    /** Allure's environment file; written with a gate, it holds the gate's summary line. */
    public static final String ENVIRONMENT = "environment.properties";
    private static final Pattern SVG = Pattern.compile("<svg.*?</svg>", Pattern.DOTALL);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Override
    public String name() {
        return "allure";
    }

    @Override
    public String description() {
        return "Allure results (allure-results/): one test case per model x suite x condition";
    }

    @Override
    public void write(RunResults results, ReportContext context, Path runDir) throws IOException {
        Path dir = runDir.resolve(DIR);
        Files.createDirectories(dir);
        String runId = results.runId();
        long start = parseMillis(results.execution().get("createdAt"));
        Map<String, ReportSection> sections = HtmlReporter.sections(context);
        Map<String, List<ConditionResult>> bySuite = new LinkedHashMap<>();
        results.results().forEach(r -> bySuite.computeIfAbsent(r.suite(), k -> new ArrayList<>()).add(r));
        for (List<ConditionResult> own : bySuite.values()) {
            String suite = own.get(0).suite();
            ReportSection.SuiteResults sr = new ReportSection.SuiteResults(suite, own.get(0).family(), own,
                    results.manifest());
            ReportSection section = sections.get(sr.family());
            List<Map<String, String>> charts = section == null ? List.of()
                    : attachCharts(dir, runId, suite, section.render(sr, context));
            Map<String, List<ExampleImage>> examples = section instanceof ExampleSource source
                    ? source.examples(sr, context) : Map.of();
            for (ConditionResult r : own) {
                List<Map<String, String>> attachments = new ArrayList<>(charts);
                attachments.addAll(attachImages(dir, runId, r, examples.getOrDefault(ExampleSource.key(r.model(),
                        r.condition()), List.of())));
                Status status = Status.of(context.gate(), r);
                writeCase(dir, runId, r.model(), suite, r.family(), r.condition(), status.status(), status.message(),
                        r.metrics(), r.params(), start, (long) (r.seconds() * 1000), attachments);
            }
        }
        if (context.gate() != null) {
            // Allure's Environment widget: the run-level verdict, which also covers gated suite summaries (mCE).
            Properties env = new Properties();
            env.setProperty("sparsebench.run", runId);
            env.setProperty("sparsebench.gate.baseline", context.gate().baselineRun());
            env.setProperty("sparsebench.gate", context.gate().summary());
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            env.store(bytes, null); // ISO 8859-1 with unicode escapes, as Properties.load reads it
            ResultStore.writeAtomically(dir.resolve(ENVIRONMENT), bytes.toByteArray());
        }
        Object failures = results.manifest().get("failures");
        if (failures instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> f) {
                    writeCase(dir, runId, String.valueOf(f.get("model")), String.valueOf(f.get("suite")), "",
                            String.valueOf(f.get("condition")), "broken", String.valueOf(f.get("error")), Map.of(),
                            Map.of(), start, 0, List.of());
                }
            }
        }
    }

    /** An Allure status and its message (null: none). */
    private record Status(String status, String message) {
        /** A finished condition's status: from the gate when there is one, else passed. */
        static Status of(GateVerdicts gate, ConditionResult r) {
            if (gate == null) {
                return new Status("passed", null);
            }
            GateVerdicts.Verdict v = gate.of(r.model(), r.suite(), r.condition());
            String status = switch (v.status()) {
                case PASSED -> "passed";
                case FAILED -> "failed";
                case NOT_IN_BASELINE, NOT_GATED -> "skipped";
            };
            return new Status(status, "gate (baseline " + gate.baselineRun() + "): " + v.message());
        }
    }

    /** Writes a condition's example images as PNG attachments; returns their Allure attachment entries. */
    private static List<Map<String, String>> attachImages(Path dir, String runId, ConditionResult r,
            List<ExampleImage> images) throws IOException {
        List<Map<String, String>> out = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            String name = UUID.nameUUIDFromBytes((runId + "/example/" + r.suite() + "/" + r.model() + "/"
                    + r.condition() + "/" + i).getBytes(StandardCharsets.UTF_8)) + "-attachment.png";
            ResultStore.writeAtomically(dir.resolve(name), images.get(i).png());
            out.add(Map.of("name", images.get(i).caption(), "source", name, "type", "image/png"));
        }
        return out;
    }

    private static void writeCase(Path dir, String runId, String model, String suite, String family, String condition,
            String status, String message, Map<String, Metric> metrics, Map<String, Object> params, long start,
            long millis, List<Map<String, String>> attachments) throws IOException {
        String fullName = "sparsebench." + suite + "." + model + "." + condition;
        String uuid = UUID.nameUUIDFromBytes((runId + "/" + fullName).getBytes(StandardCharsets.UTF_8)).toString();
        Map<String, Object> tc = new LinkedHashMap<>();
        tc.put("uuid", uuid);
        tc.put("historyId", UUID.nameUUIDFromBytes(fullName.getBytes(StandardCharsets.UTF_8)).toString());
        tc.put("name", model + " · " + condition);
        tc.put("fullName", fullName);
        tc.put("status", status);
        if (message != null) {
            tc.put("statusDetails", Map.of("message", message));
        }
        tc.put("stage", "finished");
        tc.put("start", start);
        tc.put("stop", start + millis);
        List<Map<String, String>> parameters = new ArrayList<>();
        // Stored example images become attachments, not a parameter of kilobytes of base64.
        params.forEach((k, v) -> {
            if (!"examples".equals(k)) {
                parameters.add(Map.of("name", k, "value", String.valueOf(v)));
            }
        });
        metrics.forEach((k, m) -> parameters.add(Map.of("name", k, "value", MetricTable.format(m) + " (" + m.method()
                + ")")));
        tc.put("parameters", parameters);
        tc.put("labels", List.of(Map.of("name", "suite", "value", suite), Map.of("name", "feature", "value", family),
                Map.of("name", "story", "value", model), Map.of("name", "framework", "value", "sparsebench")));
        tc.put("attachments", attachments);
        ResultStore.writeAtomically(dir.resolve(uuid + "-result.json"), JSON.writeValueAsBytes(tc));
    }

    /**
     * The suite's charts, exactly as the HTML report draws them (in its family section's HTML),
     * written as SVG attachments; returns their Allure attachment entries.
     */
    private static List<Map<String, String>> attachCharts(Path dir, String runId, String suite, String html)
            throws IOException {
        List<Map<String, String>> out = new ArrayList<>();
        Matcher m = SVG.matcher(html);
        for (int i = 0; m.find(); i++) {
            String name = UUID.nameUUIDFromBytes((runId + "/chart/" + suite + "/" + i).getBytes(StandardCharsets.UTF_8))
                    + "-attachment.svg";
            ResultStore.writeAtomically(dir.resolve(name), m.group().getBytes(StandardCharsets.UTF_8));
            out.add(Map.of("name", suite + " chart " + (i + 1), "source", name, "type", "image/svg+xml"));
        }
        return out;
    }

    private static long parseMillis(Object iso) {
        try {
            return java.time.Instant.parse(String.valueOf(iso)).toEpochMilli();
        } catch (RuntimeException e) {
            return 0;
        }
    }
}
