package org.sparsebench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path on the committed relu-cnn and the embedded data, on a small --limit: results.json,
 * index.html, reports/latest, determinism, and the bad-input acceptance cases.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;

    private Path reports;
    private Path suite;
    private CliRunner first;

    @BeforeAll
    void runOnce() throws IOException {
        reports = tmp.resolve("reports");
        suite = tmp.resolve("small.yaml");
        Files.writeString(suite, """
                name: small
                seed: 7
                models: [relu-cnn]
                data: fashion-mnist-test
                limit: 60
                batch: 32
                suites:
                  - type: noise
                    corruptions: [gaussian-noise]
                    severities: [1, 5]
                  - type: adversarial
                    attacks:
                      - {attack: fgsm, norm: linf, epsilons: [0.1]}
                    audit: false
                  - type: anomaly
                    out: [mnist-test]
                    scores: [msp]
                """);
        first = CliRunner.run("run", suite.toString(), "--reports-dir", reports.toString(), "-q");
    }

    @Test
    void runWritesResultsReportAndLatest() throws IOException {
        assertEquals(0, first.status(), first.err());
        Path latest = reports.resolve("latest");
        assertTrue(Files.isSymbolicLink(latest));
        JsonNode root = JSON.readTree(latest.resolve("results.json").toFile());
        assertEquals("sparsebench.results/1", root.get("schema").asText());
        JsonNode manifest = root.get("manifest");
        for (String key : new String[] {"gitCommit", "sparsebenchVersion", "seed", "data", "models", "versions",
                "machine", "suiteSha256", "status"}) {
            assertTrue(manifest.has(key), "manifest lacks " + key);
        }
        assertEquals("complete", manifest.get("status").asText());
        for (String key : new String[] {"runId", "createdAt", "finishedAt", "totalSeconds", "conditionSeconds"}) {
            assertTrue(root.get("execution").has(key), "execution lacks " + key);
        }
        assertEquals(60, manifest.get("data").get("samples").asInt());
        // clean + 2 severities, 1 attack condition, 1 OOD condition, 2 perturbed inputs (gaussian-noise/5, fgsm 0.1)
        assertEquals(7, root.get("results").size());
        for (JsonNode r : root.get("results")) {
            JsonNode samples = r.get("samples");
            int rows = samples.get("index").size();
            assertEquals(r.get("family").asText().equals("anomaly") ? 120 : 60, rows, r.toString());
            r.get("metrics").fields().forEachRemaining(m -> assertTrue(m.getValue().has("method")));
        }
        JsonNode clean = root.get("results").get(0);
        assertEquals("clean", clean.get("condition").asText());
        double acc = clean.get("metrics").get("accuracy").get("value").asDouble();
        assertTrue(acc > 0.7, "relu-cnn clean accuracy on 60 samples: " + acc);
        String html = Files.readString(latest.resolve("index.html"));
        for (String s : new String[] {"id=\"suite-noise\"", "id=\"suite-adversarial\"", "id=\"suite-anomaly\"",
                "gaussian-noise/5", "mnist-test/msp", "<svg", "data:image/png;base64,"}) {
            assertTrue(html.contains(s), "report lacks " + s);
        }
        assertFalse(java.util.regex.Pattern.compile("(src|href)\\s*=\\s*\"(https?:)?//").matcher(html).find(),
                "report must not load anything remote");
    }

    /** results.json without its execution record (ids, timestamps, durations) - the part that must not vary. */
    static String withoutExecution(Path results) throws IOException {
        String text = Files.readString(results);
        int cut = text.lastIndexOf("\n  \"execution\"");
        assertTrue(cut > 0, "execution section is last");
        return text.substring(0, cut);
    }

    @Test
    void sameSeedGivesByteIdenticalResultsAcrossRunsAndThreadCounts() throws IOException {
        // A fresh reports dir (no cache), once with 1 thread and once with 2: oneDNN's convolutions are
        // deterministic for a fixed batch, so everything but the execution record must match byte for byte.
        Path one = tmp.resolve("threads1");
        Path two = tmp.resolve("threads2");
        assertEquals(0, CliRunner.run("run", suite.toString(), "--reports-dir", one.toString(), "-q", "--threads", "1",
                "--no-cache").status());
        assertEquals(0, CliRunner.run("run", suite.toString(), "--reports-dir", two.toString(), "-q", "--threads", "2",
                "--no-cache").status());
        String a = withoutExecution(reports.resolve("latest/results.json"));
        assertEquals(a, withoutExecution(one.resolve("latest/results.json")));
        assertEquals(a, withoutExecution(two.resolve("latest/results.json")));
    }

    @Test
    void secondRunWithTheSameInputsReusesTheCache() throws IOException {
        CliRunner again = runWith();
        assertEquals(0, again.status(), again.err());
        JsonNode exec = JSON.readTree(reports.resolve("latest/results.json").toFile()).get("execution");
        assertEquals(7, exec.get("conditions").get("cache").asInt(), exec.toString());
        assertEquals(0, exec.get("conditions").get("computed").asInt(), exec.toString());
    }

    private void assertBadInput(CliRunner r, String expectedFragment) throws IOException {
        assertBadInput(r, ExitCodes.BAD_INPUT, expectedFragment);
    }

    private void assertBadInput(CliRunner r, int status, String expectedFragment) throws IOException {
        assertEquals(status, r.status(), r.err());
        String err = r.err().trim();
        assertTrue(err.startsWith("sparsebench: ") && err.contains(expectedFragment), err);
        assertEquals(1, err.lines().count(), "one line, got:\n" + err);
        assertFalse(err.contains("Exception") || err.contains("\tat "), err);
        Path latest = reports.resolve("latest");
        assertEquals(first.status() == 0, Files.isSymbolicLink(latest));
        try (var s = Files.list(reports)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(".incomplete")), "half-written run left");
        }
    }

    private CliRunner runWith(String... extra) {
        String[] base = {"run", suite.toString(), "--reports-dir", reports.toString(), "-q"};
        String[] args = Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return CliRunner.run(args);
    }

    private Path dataDirWith(byte[] imagesGz) throws IOException {
        Path d = Files.createTempDirectory(tmp, "data");
        Files.createDirectories(d.resolve("fashion-mnist"));
        Files.createDirectories(d.resolve("mnist"));
        Path real = Path.of("data");
        Files.copy(real.resolve("fashion-mnist/t10k-labels-idx1-ubyte.gz"), d.resolve("fashion-mnist/t10k-labels-idx1-ubyte.gz"));
        Files.write(d.resolve("fashion-mnist/t10k-images-idx3-ubyte.gz"), imagesGz);
        return d;
    }

    private static byte[] gzip(byte[] raw) throws IOException {
        var bos = new java.io.ByteArrayOutputStream();
        try (var gz = new GZIPOutputStream(bos)) {
            gz.write(raw);
        }
        return bos.toByteArray();
    }

    private static byte[] realImages() throws IOException {
        try (var in = new GZIPInputStream(Files.newInputStream(Path.of("data/fashion-mnist/t10k-images-idx3-ubyte.gz")))) {
            return in.readAllBytes();
        }
    }

    @Test
    void missingDataFile() throws IOException {
        Path empty = Files.createTempDirectory(tmp, "empty");
        assertBadInput(runWith("--data-dir", empty.toString()), ExitCodes.BAD_DATA, "t10k-images-idx3-ubyte.gz: embedded data of dataset fashion-mnist-test not found");
    }

    @Test
    void corruptIdxHeader() throws IOException {
        byte[] raw = realImages();
        raw[2] = 0x0D; // float type instead of unsigned byte
        assertBadInput(runWith("--data-dir", dataDirWith(gzip(raw)).toString()), ExitCodes.BAD_DATA, "bad magic number");
    }

    @Test
    void truncatedIdxBody() throws IOException {
        byte[] raw = Arrays.copyOf(realImages(), 16 + 28 * 28 * 100);
        assertBadInput(runWith("--data-dir", dataDirWith(gzip(raw)).toString()), ExitCodes.BAD_DATA, "truncated");
    }

    @Test
    void unknownModelId() throws IOException {
        assertBadInput(runWith("--models", "relu-cn"), "unknown model 'relu-cn' (did you mean 'relu-cnn'?)");
    }

    @Test
    void unknownSuiteType() throws IOException {
        Path f = tmp.resolve("unknown-suite.yaml");
        Files.writeString(f, "models: [relu-cnn]\nsuites:\n  - type: noize\n");
        CliRunner r = CliRunner.run("run", f.toString(), "--reports-dir", reports.toString(), "-q");
        assertBadInput(r, "suites[0].type: unknown suite type 'noize' (did you mean 'noise'?)");
    }

    @Test
    void malformedYaml() throws IOException {
        Path f = tmp.resolve("malformed.yaml");
        Files.writeString(f, "models: [relu-cnn\nsuites:\n  - type: noise\n");
        CliRunner r = CliRunner.run("run", f.toString(), "--reports-dir", reports.toString(), "-q");
        assertBadInput(r, "malformed YAML at line");
    }

    @Test
    void resultsValidateAgainstTheCommittedSchemaAndBrokenOnesDoNot() throws IOException {
        Path results = reports.resolve("latest/results.json");
        CliRunner ok = CliRunner.run("validate", results.toString());
        assertEquals(0, ok.status(), ok.err());
        assertTrue(ok.out().contains("valid"));
        Path broken = tmp.resolve("broken.json");
        Files.writeString(broken, Files.readString(results).replaceFirst("\"method\" : \"wilson\"", "\"method\" : 7"));
        CliRunner bad = CliRunner.run("validate", broken.toString());
        assertEquals(ExitCodes.BAD_DATA, bad.status());
        assertTrue(bad.err().contains("method"), bad.err());
    }

    @Test
    void tamperedModelCheckpointIsRefusedAsABadModel() throws IOException {
        Path models = Files.createTempDirectory(tmp, "models");
        Files.createDirectories(models.resolve("relu-cnn"));
        try (var s = Files.list(Path.of("models/relu-cnn"))) {
            for (Path f : s.toList()) {
                Files.copy(f, models.resolve("relu-cnn").resolve(f.getFileName()));
            }
        }
        byte[] sd = Files.readAllBytes(models.resolve("relu-cnn/model.sd"));
        sd[sd.length / 2] ^= 0x55;
        Files.write(models.resolve("relu-cnn/model.sd"), sd);
        assertBadInput(runWith("--models-dir", models.toString()), ExitCodes.BAD_MODEL, "does not match checkpointSha256");
    }

    @Test
    void zipWithPathTraversalIsRefusedAsABadModel() throws IOException {
        Path models = Files.createTempDirectory(tmp, "zipmodels");
        Path dir = Files.createDirectories(models.resolve("user-net"));
        try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(dir.resolve("net.zip")))) {
            out.putNextEntry(new java.util.zip.ZipEntry("../evil.txt"));
            out.write(1);
            out.closeEntry();
        }
        Files.writeString(dir.resolve("manifest.json"), "{\"id\": \"user-net\", \"format\": \"dl4j\", \"file\": \"net.zip\","
                + " \"inputShape\": {\"channels\": 1, \"height\": 28, \"width\": 28}, \"classes\": 10,"
                + " \"softmaxOutput\": true}");
        assertBadInput(runWith("--models-dir", models.toString(), "--models", "user-net"), ExitCodes.BAD_MODEL,
                "escapes");
    }

    @Test
    void limitZeroIsRefused() throws IOException {
        assertBadInput(runWith("--limit", "0"), "--limit: 0 is out of range, expected 1 or more");
    }

    @Test
    void negativeEpsilonIsRefused() throws IOException {
        Path f = tmp.resolve("eps.yaml");
        Files.writeString(f, "models: [relu-cnn]\nsuites:\n  - type: adversarial\n    attacks:\n"
                + "      - {attack: fgsm, epsilons: [0.1, -0.2]}\n");
        CliRunner r = CliRunner.run("run", f.toString(), "--reports-dir", reports.toString(), "-q");
        assertBadInput(r, "attacks[0].epsilons[1]: -0.2 is out of range");
    }

    @Test
    void unknownKeySuggestsTheClosestOne() throws IOException {
        Path f = tmp.resolve("key.yaml");
        Files.writeString(f, "models: [relu-cnn]\nseeed: 3\nsuites:\n  - type: noise\n");
        CliRunner r = CliRunner.run("run", f.toString(), "--reports-dir", reports.toString(), "-q");
        assertBadInput(r, "unknown key 'seeed' (did you mean 'seed'?)");
    }

    @Test
    void imagesOfTheWrongSizeForTheModel() throws IOException {
        // 10 images of 32x32: the model expects 1x28x28.
        byte[] raw = new byte[16 + 10 * 32 * 32];
        java.nio.ByteBuffer.wrap(raw).putInt(0x00000803).putInt(10).putInt(32).putInt(32);
        Path d = Files.createTempDirectory(tmp, "size");
        Files.createDirectories(d.resolve("fashion-mnist"));
        Files.write(d.resolve("fashion-mnist/t10k-images-idx3-ubyte.gz"), gzip(raw));
        byte[] labels = new byte[8 + 10];
        java.nio.ByteBuffer.wrap(labels).putInt(0x00000801).putInt(10);
        Files.write(d.resolve("fashion-mnist/t10k-labels-idx1-ubyte.gz"), gzip(labels));
        assertBadInput(runWith("--data-dir", d.toString(), "--limit", "5"), ExitCodes.BAD_DATA,
                "model 'relu-cnn' expects images of 1x28x28 but fashion-mnist-test has 1x32x32");
    }

    @Test
    void labelsOutsideTheClasses() throws IOException {
        byte[] raw = new byte[8 + 10_000];
        java.nio.ByteBuffer.wrap(raw).putInt(0x00000801).putInt(10_000);
        raw[8 + 17] = 12;
        Path d = dataDirWith(gzip(realImages()));
        Files.write(d.resolve("fashion-mnist/t10k-labels-idx1-ubyte.gz"), gzip(raw));
        assertBadInput(runWith("--data-dir", d.toString()), ExitCodes.BAD_DATA, "label 12 of sample 17 is outside 0..9");
    }

    @Test
    void pluginJarWhoseClassFailsToLoad() throws IOException {
        Path jar = tmp.resolve("broken-plugin.jar");
        try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new java.util.jar.JarEntry("META-INF/services/org.sparsebench.api.OodScore"));
            out.write("com.example.MissingScore\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.closeEntry();
        }
        assertBadInput(runWith("--plugin-path", jar.toString()), ExitCodes.BAD_PLUGIN,
                "a OOD score plugin failed to load");
    }

    @Test
    void outOfRangeSeverity() throws IOException {
        Path f = tmp.resolve("severity.yaml");
        Files.writeString(f, "models: [relu-cnn]\nsuites:\n  - type: noise\n    severities: [0, 3]\n");
        CliRunner r = CliRunner.run("run", f.toString(), "--reports-dir", reports.toString(), "-q");
        assertBadInput(r, "suites[0].severities[0]: 0 is out of range, expected 1 to 5");
    }
}
