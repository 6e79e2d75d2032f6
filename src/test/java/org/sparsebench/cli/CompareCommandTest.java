package org.sparsebench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparsebench.api.RunResults;
import org.sparsebench.compare.Synthetic;
import org.sparsebench.run.ResultStore;
import org.w3c.dom.Document;

/** The gate end to end: synthetic runs written with ResultStore, compared through the CLI. */
class CompareCommandTest {
    static final int N = 1000;
    static final int[] BASE = Synthetic.outcomes(N, 0.9, 1);
    static final Path GATE = Path.of("ci/gate.yaml");

    @TempDir
    Path dir;

    private Path write(String name, RunResults r) throws IOException {
        Path f = dir.resolve(name);
        ResultStore.write(r, f);
        return f;
    }

    private Path run(String name, int[] correct, double aurocShift) throws IOException {
        return write(name, Synthetic.run(name, Synthetic.SHA,
                Synthetic.noise("relu-cnn", "gaussian-noise/3", Synthetic.range(0, N), correct),
                Synthetic.anomaly("relu-cnn", 500, aurocShift, 5)));
    }

    private static String arg(Path p) {
        return p.toString();
    }

    @Test
    void equalResultsPass() throws IOException {
        Path base = run("base", BASE, 1.5);
        CliRunner r = CliRunner.run("compare", arg(base), arg(run("same", BASE, 1.5)), "--gate", arg(GATE));
        assertEquals(ExitCodes.OK, r.status(), r.err());
        assertTrue(r.out().contains("gate PASSED"), r.out());
    }

    @Test
    void aVisiblyWeakerModelFailsAndNamesTheMetric() throws IOException {
        // 100 more errors out of 1000 (0.9 -> 0.8 accuracy) and an OOD score shift 1.5 -> 0.8.
        Path base = run("base", BASE, 1.5);
        Path weak = run("weak", Synthetic.breakSome(BASE, 100), 0.8);
        CliRunner r = CliRunner.run("compare", arg(base), arg(weak), "--gate", arg(GATE));
        assertEquals(ExitCodes.GATE_FAILED, r.status(), r.out() + r.err());
        String summary = r.out().lines().filter(l -> l.startsWith("gate FAILED")).findFirst().orElseThrow();
        assertTrue(summary.contains("relu-cnn/noise/gaussian-noise/3/accuracy -0.1000"), summary);
        assertTrue(summary.contains("relu-cnn/anomaly/mnist-test/msp/auroc"), summary);
        assertTrue(summary.contains("fpr_at_95tpr"), summary);
        assertEquals("", r.err());
    }

    @Test
    void aTinyNonSignificantDropPasses(@TempDir Path gates) throws IOException {
        Path base = run("base", BASE, 1.5);
        // 10 samples right -> wrong, 5 wrong -> right: 0.005 worse. With the committed gate (tolerance
        // 0.01) that is within tolerance; with tolerance 0 it is beyond it but not significant:
        // exact McNemar p = 2 P(Bin(15, 1/2) <= 5) = 0.30.
        Path tiny = run("tiny", Synthetic.fixSome(Synthetic.breakSome(BASE, 10), 5), 1.5);
        assertEquals(ExitCodes.OK, CliRunner.run("compare", arg(base), arg(tiny), "--gate", arg(GATE)).status());
        Path strict = gates.resolve("strict.yaml");
        Files.writeString(strict, "alpha: 0.05\nmetrics:\n  accuracy: {tolerance: 0}\n");
        CliRunner r = CliRunner.run("compare", arg(base), arg(tiny), "--gate", arg(strict));
        assertEquals(ExitCodes.OK, r.status(), r.out());
        assertTrue(r.out().contains("-0.0050"), r.out());
        assertTrue(r.out().contains("0.3018"), r.out());
        // ... while a significant drop beyond tolerance 0 fails: 40 right -> wrong, 5 back.
        Path worse = run("worse", Synthetic.fixSome(Synthetic.breakSome(BASE, 40), 5), 1.5);
        assertEquals(ExitCodes.GATE_FAILED, CliRunner.run("compare", arg(base), arg(worse), "--gate", arg(strict))
                .status());
    }

    @Test
    void mismatchedInputsExit2WithOneLine() throws IOException {
        Path base = run("base", BASE, 1.5);
        Path otherData = write("other", Synthetic.run("other", "0000" + Synthetic.SHA.substring(4),
                Synthetic.noise("relu-cnn", "gaussian-noise/3", Synthetic.range(0, N), BASE)));
        CliRunner r = CliRunner.run("compare", arg(base), arg(otherData), "--gate", arg(GATE));
        assertEquals(ExitCodes.UNUSABLE_INPUT, r.status());
        assertTrue(r.err().startsWith("sparsebench: the runs used different datasets: baseline fashion-mnist-test"),
                r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());

        Path schema = dir.resolve("schema.json");
        Files.writeString(schema, "{\"schema\": \"sparsebench.results/2\", \"results\": []}");
        r = CliRunner.run("compare", arg(base), arg(schema));
        assertEquals(ExitCodes.UNUSABLE_INPUT, r.status());
        assertTrue(r.err().contains("schema sparsebench.results/2 is not supported"), r.err());

        r = CliRunner.run("compare", arg(base), arg(dir.resolve("missing.json")));
        assertEquals(ExitCodes.UNUSABLE_INPUT, r.status());
        assertEquals("sparsebench: current " + dir.resolve("missing.json") + ": results file not found",
                r.err().strip());

        Path badGate = dir.resolve("bad.yaml");
        Files.writeString(badGate, "metrics:\n  accuracy: {tolerence: 0.01}\n");
        r = CliRunner.run("compare", arg(base), arg(base), "--gate", arg(badGate));
        assertEquals(ExitCodes.UNUSABLE_INPUT, r.status());
        assertTrue(r.err().contains("metrics.accuracy: expected {tolerance: <number>}"), r.err());

        // The current run lacks a gated condition of the baseline.
        Path partial = write("partial", Synthetic.run("partial", Synthetic.SHA,
                Synthetic.anomaly("relu-cnn", 500, 1.5, 5)));
        r = CliRunner.run("compare", arg(base), arg(partial), "--gate", arg(GATE));
        assertEquals(ExitCodes.UNUSABLE_INPUT, r.status());
        assertTrue(r.err().contains("has no relu-cnn/noise/gaussian-noise/3"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void machineReadableFormats() throws Exception {
        Path base = run("base", BASE, 1.5);
        Path weak = run("weak", Synthetic.breakSome(BASE, 100), 1.5);
        CliRunner json = CliRunner.run("compare", arg(base), arg(weak), "--gate", arg(GATE), "--format", "json");
        assertEquals(ExitCodes.GATE_FAILED, json.status());
        JsonNode root = new ObjectMapper().readTree(json.out());
        assertEquals("sparsebench.compare/1", root.get("schema").asText());
        assertFalse(root.get("passed").asBoolean());
        JsonNode acc = root.get("rows").get(0);
        assertEquals("accuracy", acc.get("metric").asText());
        assertEquals("fail", acc.get("verdict").asText());
        assertEquals(-0.1, acc.get("difference").get("value").asDouble(), 1e-12);
        assertTrue(acc.get("difference").get("paired").asBoolean());

        Path xml = dir.resolve("junit.xml");
        CliRunner junit = CliRunner.run("compare", arg(base), arg(weak), "--gate", arg(GATE), "--format", "junit",
                "--out", arg(xml));
        assertEquals(ExitCodes.GATE_FAILED, junit.status());
        assertTrue(junit.out().startsWith("gate FAILED"), junit.out());
        Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
        assertEquals("1", d.getDocumentElement().getAttribute("failures"));
        assertEquals(1, d.getElementsByTagName("failure").getLength());
        assertTrue(d.getElementsByTagName("failure").item(0).getAttributes().getNamedItem("message").getNodeValue()
                .startsWith("accuracy worse by 0.1000"));

        CliRunner md = CliRunner.run("compare", arg(base), arg(weak), "--format", "markdown");
        assertEquals(ExitCodes.OK, md.status(), "no gate: a report, never a failure status");
        assertTrue(md.out().contains("| model | suite | condition | metric |"), md.out());
        assertTrue(md.out().contains("| worse |"), md.out());

        assertEquals(ExitCodes.USAGE, CliRunner.run("compare", arg(base), arg(weak), "--format", "xml").status());
    }

    @Test
    void theCommittedBaselinePassesTheCommittedGateAgainstItself() {
        CliRunner r = CliRunner.run("compare", "ci/baseline.json", "ci/baseline.json", "--gate", arg(GATE));
        assertEquals(ExitCodes.OK, r.status(), r.err());
        assertTrue(r.out().contains("robust_accuracy") && r.out().contains("auroc"), r.out());
    }
}
