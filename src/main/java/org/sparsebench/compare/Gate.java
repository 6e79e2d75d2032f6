package org.sparsebench.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.sparsebench.stats.MultipleComparisons.Correction;

/**
 * A regression gate ({@code ci/gate.yaml}): for each gated metric the largest tolerated worsening
 * (in the metric's own units: 0.01 = one accuracy point) and which way is better, plus the
 * significance level and the multiple-comparison correction over all gated comparisons. A
 * comparison fails when the current run is worse by more than the tolerance <em>and</em> the
 * difference is significant after correction.
 *
 * <pre>
 * alpha: 0.05
 * correction: holm          # holm | bh | none
 * metrics:
 *   accuracy: {tolerance: 0.01}
 *   fpr95_in_positive: {tolerance: 0.02, better: lower}
 * </pre>
 */
public record Gate(double alpha, Correction correction, Map<String, Rule> metrics) {

    /** One gated metric: tolerated worsening (≥ 0) and direction. */
    public record Rule(double tolerance, Direction better) {
    }

    public Gate {
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }

    /** True when the gate checks at least one of these metrics (a condition's or a summary's). */
    public boolean gatesAnyOf(Map<String, ?> metricsByName) {
        return metricsByName.keySet().stream().anyMatch(metrics::containsKey);
    }

    private static final Set<String> TOP = Set.of("alpha", "correction", "metrics");
    private static final Set<String> RULE = Set.of("tolerance", "better");

    public static Gate read(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new UnusableInputException(file + ": gate file not found");
        } catch (IOException e) {
            throw new UnusableInputException(file + ": not valid YAML (" + e.getMessage().split("\n")[0] + ")");
        }
        if (root == null || !root.isObject()) {
            throw new UnusableInputException(file + ": expected a mapping with alpha, correction and metrics");
        }
        unknownKeys(file, "", root, TOP);
        double alpha = root.has("alpha") ? number(file, "alpha", root.get("alpha")) : 0.05;
        if (!(alpha > 0 && alpha < 1)) {
            throw new UnusableInputException(file + ": alpha: " + alpha + " must lie strictly between 0 and 1");
        }
        Correction correction = Correction.HOLM;
        if (root.has("correction")) {
            String c = root.get("correction").asText().toUpperCase(Locale.ROOT);
            try {
                correction = Correction.valueOf(c);
            } catch (IllegalArgumentException e) {
                throw new UnusableInputException(file + ": correction: '" + root.get("correction").asText()
                        + "' is not one of holm, bh, none");
            }
        }
        JsonNode ms = root.get("metrics");
        if (ms == null || !ms.isObject() || ms.isEmpty()) {
            throw new UnusableInputException(file + ": metrics: expected at least one metric with a tolerance");
        }
        Map<String, Rule> rules = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = ms.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            String at = "metrics." + e.getKey();
            JsonNode r = e.getValue();
            if (!r.isObject() || !r.has("tolerance")) {
                throw new UnusableInputException(file + ": " + at + ": expected {tolerance: <number>}");
            }
            unknownKeys(file, at + ".", r, RULE);
            double tol = number(file, at + ".tolerance", r.get("tolerance"));
            if (!(tol >= 0)) {
                throw new UnusableInputException(file + ": " + at + ".tolerance: " + tol + " must be 0 or more");
            }
            Direction better = Direction.defaultFor(e.getKey());
            if (r.has("better")) {
                String b = r.get("better").asText().toUpperCase(Locale.ROOT);
                if (!b.equals("HIGHER") && !b.equals("LOWER")) {
                    throw new UnusableInputException(file + ": " + at + ".better: '" + r.get("better").asText()
                            + "' is not higher or lower");
                }
                better = Direction.valueOf(b);
            }
            rules.put(e.getKey(), new Rule(tol, better));
        }
        return new Gate(alpha, correction, rules);
    }

    private static void unknownKeys(Path file, String prefix, JsonNode node, Set<String> allowed) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            String k = it.next();
            if (!allowed.contains(k)) {
                throw new UnusableInputException(file + ": " + prefix + k + ": unknown key, expected one of "
                        + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
    }

    private static double number(Path file, String field, JsonNode v) {
        if (!v.isNumber()) {
            throw new UnusableInputException(file + ": " + field + ": '" + v.asText() + "' is not a number");
        }
        return v.asDouble();
    }
}
