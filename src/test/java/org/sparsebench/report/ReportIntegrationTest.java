package org.sparsebench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.sparsebench.cli.Main;

/** The report of a real (small) run: structure, numbers, Allure results, and a real browser. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportIntegrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;

    private Path run;
    private JsonNode results;
    private Document html;

    @BeforeAll
    void runOnce() throws IOException {
        Path suite = tmp.resolve("report.yaml");
        Files.writeString(suite, """
                name: report-test
                seed: 3
                models: [relu-cnn]
                limit: 80
                suites:
                  - type: noise
                    corruptions: [gaussian-noise]
                    severities: [2, 4]
                  - type: adversarial
                    attacks:
                      - {attack: fgsm, norm: linf, epsilons: [0.05, 0.1]}
                  - type: anomaly
                    out: [mnist-test]
                    scores: [msp]
                """);
        int status = Main.execute(new String[] {"run", suite.toString(), "--reports-dir", tmp.resolve("reports").toString(),
            "-q"}, new java.io.PrintWriter(java.io.Writer.nullWriter()), new java.io.PrintWriter(System.err, true));
        assertEquals(0, status);
        run = tmp.resolve("reports/latest").toRealPath();
        results = JSON.readTree(run.resolve("results.json").toFile());
        html = Jsoup.parse(run.resolve("index.html").toFile(), "UTF-8");
    }

    @Test
    void everySuiteHasItsSectionWithCharts() {
        for (String suite : new String[] {"noise", "adversarial", "anomaly"}) {
            Element h2 = html.getElementById("suite-" + suite);
            assertTrue(h2 != null, "section " + suite);
        }
        assertTrue(html.select("svg").size() >= 3, "at least one chart per suite");
        assertTrue(html.select("img[src^=data:image/png;base64,]").size() >= 6, "example strip images");
        assertEquals(1, html.select("table.manifest").size());
    }

    @Test
    void summaryNumbersEqualTheResults() {
        // "clean accuracy" column = the noise suite's clean condition accuracy in results.json.
        Element table = html.selectFirst("table.summary");
        List<String> headers = table.select("thead th").eachText();
        Element row = table.selectFirst("tbody tr");
        assertEquals("relu-cnn", row.child(0).text());
        for (JsonNode r : results.get("results")) {
            if (r.get("condition").asText().equals("clean")) {
                JsonNode acc = r.get("metrics").get("accuracy");
                String expected = String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", acc.get("value").asDouble(),
                        acc.get("lower").asDouble(), acc.get("upper").asDouble());
                assertEquals(expected, row.child(headers.indexOf("clean accuracy")).text());
            }
            if (r.get("suite").asText().equals("anomaly") && r.get("params").get("group").asText().equals("perturbed")) {
                // Detection of the run's perturbed inputs: its own table, the AUROC cell equal to results.json.
                Element tr = html.getElementById("anomaly-relu-cnn-" + r.get("condition").asText());
                JsonNode auc = r.get("metrics").get("auroc");
                assertTrue(tr.text().contains(String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", auc.get("value").asDouble(),
                        auc.get("lower").asDouble(), auc.get("upper").asDouble())), tr.text());
            } else if (r.get("suite").asText().equals("anomaly")) {
                JsonNode auc = r.get("metrics").get("auroc");
                String expected = String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", auc.get("value").asDouble(),
                        auc.get("lower").asDouble(), auc.get("upper").asDouble());
                assertEquals(expected, row.child(headers.indexOf("AUROC " + r.get("condition").asText())).text());
            }
        }
    }

    @Test
    void sparseDiagnosticsMatchAnIndependentComputationAndTheReport() {
        JsonNode d = results.get("diagnostics").get("relu-cnn");
        assertEquals(80, d.get("samples").asInt(), "limit 80 < 256 samples: all of them");
        List<String> names = new java.util.ArrayList<>();
        d.get("layers").forEach(l -> names.add(l.get("name").asText()));
        assertEquals(List.of("conv0", "conv1", "conv2", "dense0"), names);
        // Independent: dense0's output is the penultimate feature vector (Model.features), so its share of exact
        // zeros on the run's samples (in run order = the clean condition's index column) must be the same number;
        // and the share of positive conv0 biases read straight from the checkpoint's graph.
        int[] index = null;
        for (JsonNode r : results.get("results")) {
            if (r.get("condition").asText().equals("clean")) {
                index = new int[r.get("samples").get("index").size()];
                for (int i = 0; i < index.length; i++) {
                    index[i] = r.get("samples").get("index").get(i).asInt();
                }
            }
        }
        org.sparsebench.api.Dataset data = org.sparsebench.data.Datasets.withDefaults()
                .open(org.sparsebench.data.Datasets.FASHION_MNIST_TEST);
        try (org.sparsebench.api.Model m = new org.sparsebench.models.CheckpointModelProvider().load("relu-cnn",
                Path.of("models"))) {
            org.nd4j.linalg.api.ndarray.INDArray f = m.features(data.images(index));
            double zeros = f.scan(org.nd4j.linalg.indexing.conditions.Conditions.equals(0)).doubleValue() / f.length();
            assertEquals(zeros, d.get("layers").get(3).get("activationSparsity").asDouble(), 1e-12);
            org.nd4j.linalg.api.ndarray.INDArray b = ((org.sparsebench.models.SameDiffModel) m).graph()
                    .getArrForVarName("conv0_b");
            double positive = b.scan(org.nd4j.linalg.indexing.conditions.Conditions.greaterThan(0)).doubleValue()
                    / b.length();
            assertEquals(positive, d.get("layers").get(0).get("positiveBiasFraction").asDouble(), 1e-12);
        }
        // Every evaluated condition carries the sparsity of each layer on its own inputs; they are no metrics.
        for (JsonNode r : results.get("results")) {
            if (r.get("condition").asText().equals("audit")) {
                continue;
            }
            for (String layer : names) {
                double v = r.get("diagnostics").get("sparsity/" + layer).get("value").asDouble();
                assertTrue(v >= 0 && v <= 1, r.get("condition") + " " + layer + " " + v);
                assertFalse(r.get("metrics").has("sparsity/" + layer));
            }
        }
        // The report shows the clean numbers of results.json.
        Element table = html.selectFirst("table.sparse");
        assertTrue(html.getElementById("sparse-diagnostics") != null);
        Element conv0 = table.selectFirst("tbody tr");
        assertEquals("conv0", conv0.child(0).text());
        assertEquals(String.format(Locale.ROOT, "%.3f", d.get("layers").get(0).get("activationSparsity").asDouble()),
                conv0.child(1).text());
        assertEquals(1, html.select("table.sparse-perturbed").size());
    }

    @Test
    void noExternalUrlsAndNoScripts() {
        for (Element e : html.select("[src], [href]")) {
            String url = e.hasAttr("src") ? e.attr("src") : e.attr("href");
            assertFalse(url.startsWith("http:") || url.startsWith("https:") || url.startsWith("//"), url);
        }
        assertTrue(html.select("script").isEmpty());
    }

    @Test
    void allureResultsParseAndCoverEveryCondition() throws IOException {
        JsonSchema schema;
        try (InputStream in = getClass().getResourceAsStream("/schemas/allure-result.schema.json")) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(run.resolve("allure-results"))) {
            files = s.filter(p -> p.toString().endsWith("-result.json")).toList();
        }
        assertEquals(results.get("results").size(), files.size(), "one Allure case per model x suite x condition");
        for (Path f : files) {
            JsonNode tc = JSON.readTree(f.toFile());
            assertEquals(java.util.Set.of(), schema.validate(tc), f.toString());
            for (JsonNode a : tc.get("attachments")) {
                AllureAttachments.check(run.resolve("allure-results"), a);
            }
        }
    }

    /** Headless Chromium opens the report and the leaderboard from disk with no console errors; screenshots kept. */
    @Test
    void opensInARealBrowserWithoutConsoleErrors() throws Exception {
        Path chromium = Path.of("/usr/bin/chromium");
        if ("true".equals(System.getenv("CI"))) {
            assertTrue(Files.isExecutable(chromium), "CI must install chromium (see .ci/run)");
        }
        assumeTrue(Files.isExecutable(chromium), "chromium not installed; .ci/run installs it");
        Path board = tmp.resolve("board");
        int status = Main.execute(new String[] {"leaderboard", run.resolve("results.json").toString(), "--out",
            board.toString()}, new java.io.PrintWriter(java.io.Writer.nullWriter()),
                new java.io.PrintWriter(System.err, true));
        assertEquals(0, status);
        Document page = Jsoup.parse(board.resolve("leaderboard.html").toFile(), "UTF-8");
        assertEquals("relu-cnn", page.selectFirst("table.leaderboard tbody td").text());
        assertTrue(Files.exists(board.resolve(page.selectFirst("table.leaderboard a").attr("href")).normalize()),
                "link to the run's report resolves");
        screenshot(chromium, run.resolve("index.html"), "report.png");
        screenshot(chromium, board.resolve("leaderboard.html"), "leaderboard.png");
        screenshot(chromium, run.resolve("leaderboard.html"), "run-leaderboard.png");
    }

    private void screenshot(Path chromium, Path page, String name) throws Exception {
        Path shots = Path.of("target", "screenshots");
        Files.createDirectories(shots);
        Path shot = shots.resolve(name).toAbsolutePath();
        Files.deleteIfExists(shot);
        Path profile = Files.createTempDirectory(tmp, "chromium");
        Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0",
                "--window-size=1280,2400", "--screenshot=" + shot, page.toUri().toString())
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "chromium hung");
        assertTrue(Files.size(shot) > 10_000, "screenshot of " + page + " written:\n" + log);
        // Chromium logs page console messages as: ... CONSOLE(line)] "message", source: ...
        List<String> console = log.lines().filter(l -> l.contains("CONSOLE")).toList();
        assertEquals(List.of(), console, "console output of " + page);
    }
}
