package org.sparsebench.run;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.sparsebench.api.Columns;
import org.sparsebench.api.ConditionResult;
import org.sparsebench.api.ConfigException;
import org.sparsebench.api.Metric;
import org.sparsebench.api.RunResults;
import org.sparsebench.api.SuiteSummary;

/**
 * Reads and writes {@code results.json} (schema {@value RunResults#SCHEMA}, described by
 * {@code docs/results.schema.json}) and single-condition checkpoints. Writes are atomic: a temp
 * file in the same folder, then a move. Per-sample columns are written one array per line. The
 * per-condition durations live in the {@code execution} section so that everything else is
 * byte-identical for identical inputs.
 */
public final class ResultStore {
    public static final String FILE = "results.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private ResultStore() {
    }

    public static void write(RunResults results, Path file) throws IOException {
        writeAtomically(file, toJson(results));
    }

    public static byte[] toJson(RunResults results) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("schema", results.schema());
        root.set("manifest", JSON.valueToTree(new TreeMap<>(results.manifest())));
        ArrayNode arr = root.putArray("results");
        Map<String, Object> seconds = new LinkedHashMap<>();
        for (ConditionResult r : results.results()) {
            arr.add(condition(r));
            seconds.put(r.model() + "/" + r.suite() + "/" + r.condition(), Math.round(r.seconds() * 1000) / 1000.0);
        }
        ArrayNode sums = root.putArray("summaries");
        for (SuiteSummary s : results.summaries()) {
            ObjectNode o = sums.addObject();
            o.put("model", s.model());
            o.put("suite", s.suite());
            o.put("family", s.family());
            o.put("name", s.name());
            o.set("params", JSON.valueToTree(new TreeMap<>(s.params())));
            ObjectNode m = o.putObject("metrics");
            s.metrics().forEach((k, v) -> m.set(k, metric(v)));
        }
        if (!results.diagnostics().isEmpty()) {
            root.set("diagnostics", JSON.valueToTree(new TreeMap<>(results.diagnostics())));
        }
        Map<String, Object> execution = new LinkedHashMap<>(results.execution());
        execution.put("conditionSeconds", seconds);
        root.set("execution", JSON.valueToTree(execution));
        return JSON.writer(printer()).writeValueAsBytes(root);
    }

    /** One condition as a standalone JSON document (run checkpoints and the cache). */
    public static byte[] conditionJson(ConditionResult r) throws IOException {
        ObjectNode o = condition(r);
        o.put("seconds", r.seconds());
        return JSON.writer(printer()).writeValueAsBytes(o);
    }

    /** Reads a checkpoint written by {@link #conditionJson}; null if the file is absent or unreadable. */
    public static ConditionResult readCondition(Path file) {
        try {
            JsonNode o = JSON.readTree(Files.readAllBytes(file));
            return condition(o, o.path("seconds").asDouble());
        } catch (IOException | RuntimeException e) {
            return null; // a torn or foreign file is recomputed, never trusted
        }
    }

    /** Parses a document written by {@link #conditionJson}; throws on malformed input. */
    public static ConditionResult parseCondition(byte[] json) {
        try {
            JsonNode o = JSON.readTree(json);
            return condition(o, o.path("seconds").asDouble());
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed condition result: " + e.getMessage(), e);
        }
    }

    public static RunResults read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw ConfigException.data(file + ": results file not found");
        } catch (IOException e) {
            throw ConfigException.data(file + ": not a valid results.json (" + e.getMessage().split("\n")[0] + ")");
        }
        if (root == null || !root.has("schema") || !root.get("schema").asText().startsWith("sparsebench.results/")) {
            throw ConfigException.data(file + ": not a SparseBench results file (missing schema "
                    + RunResults.SCHEMA + ")");
        }
        if (!RunResults.SCHEMA.equals(root.get("schema").asText())) {
            throw ConfigException.data(file + ": schema " + root.get("schema").asText() + " is not supported, expected "
                    + RunResults.SCHEMA);
        }
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> manifest = JSON.convertValue(root.get("manifest"), LinkedHashMap.class);
            @SuppressWarnings("unchecked")
            Map<String, Object> execution = root.has("execution")
                    ? JSON.convertValue(root.get("execution"), LinkedHashMap.class) : new LinkedHashMap<>();
            Object secs = execution.get("conditionSeconds");
            Map<?, ?> seconds = secs instanceof Map<?, ?> m ? m : Map.of();
            List<ConditionResult> results = new ArrayList<>();
            for (JsonNode o : root.withArray("results")) {
                String key = o.get("model").asText() + "/" + o.get("suite").asText() + "/" + o.get("condition").asText();
                Object s = seconds.get(key);
                results.add(condition(o, s instanceof Number n ? n.doubleValue() : o.path("seconds").asDouble()));
            }
            List<SuiteSummary> summaries = new ArrayList<>();
            for (JsonNode o : root.withArray("summaries")) {
                Map<String, Metric> metrics = new LinkedHashMap<>();
                o.get("metrics").fields().forEachRemaining(e -> metrics.put(e.getKey(), metric(e.getValue())));
                @SuppressWarnings("unchecked")
                Map<String, Object> params = JSON.convertValue(o.get("params"), LinkedHashMap.class);
                summaries.add(new SuiteSummary(o.get("model").asText(), o.get("suite").asText(),
                        o.get("family").asText(), o.get("name").asText(), params, metrics));
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> diagnostics = root.has("diagnostics")
                    ? JSON.convertValue(root.get("diagnostics"), LinkedHashMap.class) : Map.of();
            return new RunResults(root.get("schema").asText(), manifest, results, summaries, execution, diagnostics);
        } catch (RuntimeException e) {
            throw ConfigException.data(file + ": malformed results.json (" + e.getMessage() + ")");
        }
    }

    /** Writes bytes to a temp file beside {@code file}, then moves it into place atomically. */
    public static void writeAtomically(Path file, byte[] bytes) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            Files.write(tmp, bytes);
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: keep the default
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static DefaultPrettyPrinter printer() {
        return new DefaultPrettyPrinter().withArrayIndenter(DefaultPrettyPrinter.NopIndenter.instance)
                .withObjectIndenter(new DefaultIndenter("  ", "\n"));
    }

    private static ObjectNode condition(ConditionResult r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("model", r.model());
        o.put("suite", r.suite());
        o.put("family", r.family());
        o.put("condition", r.condition());
        o.set("params", JSON.valueToTree(new TreeMap<>(r.params())));
        ObjectNode m = o.putObject("metrics");
        r.metrics().forEach((k, v) -> m.set(k, metric(v)));
        if (!r.diagnostics().isEmpty()) {
            ObjectNode d = o.putObject("diagnostics");
            r.diagnostics().forEach((k, v) -> d.set(k, metric(v)));
        }
        o.set("samples", JSON.valueToTree(r.samples().asMap()));
        return o;
    }

    private static ConditionResult condition(JsonNode o, double seconds) {
        Map<String, Metric> metrics = new LinkedHashMap<>();
        o.get("metrics").fields().forEachRemaining(e -> metrics.put(e.getKey(), metric(e.getValue())));
        Columns cols = new Columns();
        for (Iterator<Map.Entry<String, JsonNode>> it = o.get("samples").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode a = e.getValue();
            boolean integral = true;
            for (JsonNode v : a) {
                integral &= v.isIntegralNumber();
            }
            if (integral) {
                int[] v = new int[a.size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = a.get(i).asInt();
                }
                cols.ints(e.getKey(), v);
            } else {
                double[] v = new double[a.size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = a.get(i).isNull() ? Double.NaN : a.get(i).asDouble();
                }
                cols.doubles(e.getKey(), v);
            }
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> params = JSON.convertValue(o.get("params"), LinkedHashMap.class);
        Map<String, Metric> diagnostics = new LinkedHashMap<>();
        if (o.has("diagnostics")) {
            o.get("diagnostics").fields().forEachRemaining(e -> diagnostics.put(e.getKey(), metric(e.getValue())));
        }
        return new ConditionResult(o.get("model").asText(), o.get("suite").asText(), o.get("family").asText(),
                o.get("condition").asText(), params, metrics, cols, seconds, diagnostics);
    }

    private static ObjectNode metric(Metric m) {
        ObjectNode o = JSON.createObjectNode();
        putNumber(o, "value", m.value());
        putNumber(o, "lower", m.lower());
        putNumber(o, "upper", m.upper());
        putNumber(o, "level", m.level());
        o.put("method", m.method());
        o.put("n", m.n());
        return o;
    }

    private static Metric metric(JsonNode o) {
        return new Metric(num(o, "value"), num(o, "lower"), num(o, "upper"), num(o, "level"),
                o.path("method").asText("none"), o.path("n").asLong());
    }

    private static void putNumber(ObjectNode o, String k, double v) {
        if (Double.isFinite(v)) {
            o.put(k, v);
        } else {
            o.putNull(k);
        }
    }

    private static double num(JsonNode o, String k) {
        JsonNode v = o.get(k);
        return v == null || v.isNull() ? Double.NaN : v.asDouble();
    }
}
