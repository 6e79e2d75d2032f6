package org.sparsebench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.sparsebench.report.AllureAttachments;
import org.w3c.dom.Element;

/**
 * {@code run --gate --baseline} end to end on the committed relu-cnn and a small --limit: a baseline
 * in which one condition was perfect fails exactly that Allure case (and the gate, exit 1) after the
 * reports are published; the run's own results as baseline pass; a condition the baseline lacks is
 * skipped; example images are attached as PNG; bad gate or baseline files stop before anything is
 * written.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunGateTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path GATE = Path.of("ci/gate.yaml");

    @TempDir
    static Path tmp;

    private Path suite;
    private Path reports;
    private Path plain;

    @BeforeAll
    void runWithoutGate() throws IOException {
        suite = tmp.resolve("gate.yaml");
        Files.writeString(suite, """
                name: gate-test
                seed: 5
                models: [relu-cnn]
                limit: 60
                suites:
                  - type: noise
                    corruptions: [gaussian-noise]
                    severities: [2, 5]
                  - type: adversarial
                    attacks:
                      - {attack: fgsm, norm: linf, epsilons: [0.1]}
                    audit: false
                """);
        reports = tmp.resolve("reports");
        CliRunner r = CliRunner.run("run", suite.toString(), "--reports-dir", reports.toString(), "-q");
        assertEquals(ExitCodes.OK, r.status(), r.err());
        plain = reports.resolve("latest").toRealPath().resolve("results.json");
    }

    private CliRunner runGated(Path baseline) {
        // Same suite and reports folder: every condition comes from the cache, only reports and gate are new.
        return CliRunner.run("run", suite.toString(), "--reports-dir", reports.toString(), "-q", "--gate",
                GATE.toString(), "--baseline", baseline.toString());
    }

    @Test
    void aBaselineThatWasMuchBetterFailsExactlyThatCondition() throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(plain.toFile());
        ArrayNode results = (ArrayNode) root.get("results");
        int wrong = -1;
        for (int i = results.size() - 1; i >= 0; i--) {
            ObjectNode r = (ObjectNode) results.get(i);
            String c = r.get("condition").asText();
            if (c.equals("gaussian-noise/2")) {
                results.remove(i); // the baseline never ran it: skipped
            } else if (c.equals("gaussian-noise/5")) {
                wrong = makePerfect(r);
            }
        }
        // Exact McNemar, baseline right on every sample: the w samples wrong now are all discordant
        // one way, p = 2 * 0.5^w. Holm over the 3 gated rows (clean, gaussian-noise/5 accuracy, fgsm
        // robust_accuracy; the identical rows have p = 1) multiplies the smallest by 3.
        assertTrue(wrong >= 8, "relu-cnn must miss >= 8 of 60 at gaussian-noise/5 for 3 * 2 * 0.5^w < 0.05: " + wrong);
        Path baseline = tmp.resolve("better-baseline.json");
        JSON.writeValue(baseline.toFile(), root);

        CliRunner r = runGated(baseline);
        assertEquals(ExitCodes.GATE_FAILED, r.status(), r.out() + r.err());
        Path run = reports.resolve("latest").toRealPath();
        assertFalse(run.resolve("results.json").equals(plain), "a new run was published");
        String summary = r.out().lines().filter(l -> l.startsWith("gate FAILED")).findFirst().orElseThrow();
        assertTrue(summary.startsWith("gate FAILED: relu-cnn/noise/gaussian-noise/5/accuracy -"), summary);
        assertFalse(summary.contains(";"), "only one failing metric: " + summary);

        // JUnit XML of the verdicts in the run folder: the 3 gated rows, 1 failure.
        Element suiteXml = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(run.resolve("gate-junit.xml").toFile()).getDocumentElement();
        assertEquals("3", suiteXml.getAttribute("tests"));
        assertEquals("1", suiteXml.getAttribute("failures"));

        JsonNode current = JSON.readTree(run.resolve("results.json").toFile());
        Map<String, JsonNode> cases = cases(run);
        assertEquals(current.get("results").size(), cases.size(), "one case per model x suite x condition");
        assertEquals(4, cases.size(), "clean, 2 severities, 1 attack");
        JsonNode failed = cases.get("gaussian-noise/5");
        assertEquals("failed", failed.get("status").asText());
        String message = failed.at("/statusDetails/message").asText();
        double acc = metric(current, "gaussian-noise/5", "accuracy");
        double p = Math.min(1, 2 * Math.pow(0.5, wrong));
        for (String part : new String[] {"accuracy worse by " + f(1 - acc), "baseline 1.0000", "current " + f(acc),
            "p " + (p < 1e-4 ? "<0.0001" : f(p)), "mcnemar"}) {
            assertTrue(message.contains(part), part + " in: " + message);
        }
        assertEquals("skipped", cases.get("gaussian-noise/2").get("status").asText());
        assertTrue(cases.get("gaussian-noise/2").at("/statusDetails/message").asText().contains("not in the baseline"));
        assertEquals("passed", cases.get("clean").get("status").asText());
        assertEquals("passed", cases.get("fgsm-linf/0.1").get("status").asText());
    }

    @Test
    void theRunsOwnResultsAsBaselinePassAndExamplesAreAttached() throws IOException {
        CliRunner r = runGated(plain);
        assertEquals(ExitCodes.OK, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("gate PASSED"), r.out());
        Path run = reports.resolve("latest").toRealPath();
        Map<String, JsonNode> cases = cases(run);
        cases.values().forEach(tc -> assertEquals("passed", tc.get("status").asText(), tc.toString()));

        // Example images: the strip image of each severity, the clean image, and clean/adversarial/|difference|.
        assertEquals(List.of("clean"), pngNames(cases.get("clean")));
        assertEquals(List.of("gaussian-noise severity 0", "gaussian-noise severity 5"),
                pngNames(cases.get("gaussian-noise/5")));
        List<String> adv = pngNames(cases.get("fgsm-linf/0.1"));
        assertTrue(!adv.isEmpty() && adv.size() % 3 == 0, adv.toString());
        assertTrue(adv.get(0).endsWith("(clean)") && adv.get(1).endsWith("(adversarial)")
                && adv.get(2).contains("(|difference|"), adv.toString());
        // The same images the HTML report shows (its data: URIs), not a second drawing.
        Set<String> shown = Set.copyOf(Jsoup.parse(run.resolve("index.html").toFile(), "UTF-8").select("img")
                .eachAttr("src"));
        for (String c : new String[] {"gaussian-noise/5", "fgsm-linf/0.1"}) {
            for (JsonNode a : cases.get(c).get("attachments")) {
                if (a.get("type").asText().equals("image/png")) {
                    byte[] png = Files.readAllBytes(run.resolve("allure-results").resolve(a.get("source").asText()));
                    assertTrue(shown.contains("data:image/png;base64," + Base64.getEncoder().encodeToString(png)),
                            "the report shows " + a.get("name").asText());
                }
            }
        }
    }

    @Test
    void badGateOrBaselineStopsBeforeAnythingIsWritten() throws IOException {
        Path fresh = tmp.resolve("untouched");
        Path notJson = tmp.resolve("not-results.json");
        Files.writeString(notJson, "{ this is not json");
        // Valid baselines this run cannot be checked against: another condition, other data.
        Path otherCondition = tmp.resolve("other-condition.json");
        Files.writeString(otherCondition, Files.readString(plain).replace("\"gaussian-noise/5\"", "\"gaussian-noise/3\""));
        ObjectNode root = (ObjectNode) JSON.readTree(plain.toFile());
        ((ObjectNode) root.get("manifest").get("data")).put("sha256", "0".repeat(64));
        Path otherData = tmp.resolve("other-data.json");
        JSON.writeValue(otherData.toFile(), root);
        String[][] cases = {
            {"--gate", tmp.resolve("missing-gate.yaml").toString(), "--baseline", plain.toString()},
            {"--gate", GATE.toString(), "--baseline", tmp.resolve("missing.json").toString()},
            {"--gate", GATE.toString(), "--baseline", notJson.toString()},
            {"--gate", suite.toString(), "--baseline", plain.toString()},
            {"--gate", GATE.toString()},
            {"--gate", GATE.toString(), "--baseline", otherCondition.toString()},
            {"--gate", GATE.toString(), "--baseline", otherData.toString()},
        };
        String[] expected = {"missing-gate.yaml: gate file not found", "missing.json: results file not found",
            "not-results.json: not a valid results.json", "gate.yaml: name: unknown key",
            "--gate needs --baseline", "has relu-cnn/noise/gaussian-noise/3 with a gated metric, which this run does not plan",
            "the runs used different datasets"};
        for (int i = 0; i < cases.length; i++) {
            String[] args = Stream.concat(Stream.of("run", suite.toString(), "--reports-dir", fresh.toString(), "-q"),
                    Stream.of(cases[i])).toArray(String[]::new);
            CliRunner r = CliRunner.run(args);
            assertEquals(ExitCodes.BAD_INPUT, r.status(), String.join(" ", cases[i]) + ": " + r.err());
            List<String> lines = r.err().strip().lines().toList();
            assertEquals(1, lines.size(), r.err());
            assertTrue(lines.get(0).startsWith("sparsebench: --") && lines.get(0).contains(expected[i]), lines.get(0));
            assertFalse(Files.exists(fresh), "nothing written for " + String.join(" ", cases[i]));
        }
    }

    /** Sets every sample of the condition correct and its accuracy to 1; returns how many were wrong. */
    private static int makePerfect(ObjectNode r) {
        ObjectNode samples = (ObjectNode) r.get("samples");
        ArrayNode correct = (ArrayNode) samples.get("correct");
        int wrong = 0;
        for (int j = 0; j < correct.size(); j++) {
            wrong += 1 - correct.get(j).asInt();
            correct.set(j, 1);
        }
        samples.set("prediction", samples.get("label").deepCopy());
        int n = correct.size();
        double z = 1.959963984540054;
        ObjectNode acc = (ObjectNode) r.get("metrics").get("accuracy");
        acc.put("value", 1.0).put("lower", n / (n + z * z)).put("upper", 1.0); // Wilson interval at n of n
        ObjectNode err = (ObjectNode) r.get("metrics").get("error");
        err.put("value", 0.0).put("lower", 0.0).put("upper", 1 - n / (n + z * z));
        return wrong;
    }

    private static double metric(JsonNode results, String condition, String metric) {
        for (JsonNode r : results.get("results")) {
            if (r.get("condition").asText().equals(condition)) {
                return r.get("metrics").get(metric).get("value").asDouble();
            }
        }
        throw new AssertionError(condition);
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    private static List<String> pngNames(JsonNode tc) {
        List<String> out = new java.util.ArrayList<>();
        tc.get("attachments").forEach(a -> {
            if (a.get("type").asText().equals("image/png")) {
                out.add(a.get("name").asText());
            }
        });
        return out;
    }

    /** The run's Allure cases by condition, every attachment checked on disk for its type. */
    private static Map<String, JsonNode> cases(Path run) throws IOException {
        Path dir = run.resolve("allure-results");
        Map<String, JsonNode> out = new HashMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : s.filter(p -> p.toString().endsWith("-result.json")).toList()) {
                JsonNode tc = JSON.readTree(f.toFile());
                for (JsonNode a : tc.get("attachments")) {
                    AllureAttachments.check(dir, a);
                }
                out.put(tc.get("name").asText().split(" · ", 2)[1], tc);
            }
        }
        return out;
    }
}
