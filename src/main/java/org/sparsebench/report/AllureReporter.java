package org.sparsebench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sparsebench.api.ConditionResult;
import org.sparsebench.api.Metric;
import org.sparsebench.api.ReportContext;
import org.sparsebench.api.ReportSection;
import org.sparsebench.api.Reporter;
import org.sparsebench.api.RunResults;
import org.sparsebench.run.ResultStore;

/**
 * Allure results ({@code allure-results/}): one test case per model × suite × condition, its metric
 * values as parameters, labelled by suite (Allure "suite"), family ("feature") and model
 * ("story"), with the suite's charts attached as SVG. {@code allure generate allure-results} then
 * shows the benchmark as a test report. A condition is {@code passed} unless it failed (non-finite
 * output: {@code broken}); regression verdicts come from {@code sparsebench compare --gate}.
 */
public final class AllureReporter implements Reporter {
    public static final String DIR = "allure-results";
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
        Map<String, List<String>> chartsBySuite = new LinkedHashMap<>();
        for (ConditionResult r : results.results()) {
            chartsBySuite.computeIfAbsent(r.suite(), s -> attachCharts(dir, runId, s, results, context));
        }
        for (ConditionResult r : results.results()) {
            writeCase(dir, runId, r.model(), r.suite(), r.family(), r.condition(), "passed", null, r.metrics(), r.params(),
                    start, (long) (r.seconds() * 1000), chartsBySuite.get(r.suite()));
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

    private static void writeCase(Path dir, String runId, String model, String suite, String family, String condition,
            String status, String message, Map<String, Metric> metrics, Map<String, Object> params, long start,
            long millis, List<String> charts) throws IOException {
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
        params.forEach((k, v) -> parameters.add(Map.of("name", k, "value", String.valueOf(v))));
        metrics.forEach((k, m) -> parameters.add(Map.of("name", k, "value", MetricTable.format(m) + " (" + m.method()
                + ")")));
        tc.put("parameters", parameters);
        tc.put("labels", List.of(Map.of("name", "suite", "value", suite), Map.of("name", "feature", "value", family),
                Map.of("name", "story", "value", model), Map.of("name", "framework", "value", "sparsebench")));
        List<Map<String, String>> attachments = new ArrayList<>();
        for (int i = 0; i < charts.size(); i++) {
            attachments.add(Map.of("name", suite + " chart " + (i + 1), "source", charts.get(i), "type", "image/svg+xml"));
        }
        tc.put("attachments", attachments);
        ResultStore.writeAtomically(dir.resolve(uuid + "-result.json"), JSON.writeValueAsBytes(tc));
    }

    /**
     * The suite's charts, exactly as the HTML report draws them (its family's {@link ReportSection}),
     * written as SVG attachments; returns their file names.
     */
    private static List<String> attachCharts(Path dir, String runId, String suite, RunResults results,
            ReportContext context) {
        List<ConditionResult> own = results.results().stream().filter(r -> r.suite().equals(suite)).toList();
        ReportSection section = HtmlReporter.sections(context).get(own.get(0).family());
        if (section == null) {
            return List.of();
        }
        String html = section.render(new ReportSection.SuiteResults(suite, own.get(0).family(), own,
                results.manifest()), context);
        List<String> names = new ArrayList<>();
        Matcher m = SVG.matcher(html);
        for (int i = 0; m.find(); i++) {
            String name = UUID.nameUUIDFromBytes((runId + "/chart/" + suite + "/" + i).getBytes(StandardCharsets.UTF_8))
                    + "-attachment.svg";
            try {
                ResultStore.writeAtomically(dir.resolve(name), m.group().getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            names.add(name);
        }
        return names;
    }

    private static long parseMillis(Object iso) {
        try {
            return java.time.Instant.parse(String.valueOf(iso)).toEpochMilli();
        } catch (RuntimeException e) {
            return 0;
        }
    }
}
