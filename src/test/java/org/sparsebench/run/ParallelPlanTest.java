package org.sparsebench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparsebench.api.ConfigException;
import org.sparsebench.api.Dataset;
import org.sparsebench.api.Model;
import org.sparsebench.data.Datasets;
import org.sparsebench.data.StratifiedSampler;
import org.sparsebench.models.CheckpointModelProvider;
import org.sparsebench.models.Checkpoints;
import org.sparsebench.sparse.SparseDiagnostics;

/**
 * The plan loads and checks the zoo's models two at a time: the fingerprints and diagnostics it
 * records are those of each model checked on its own, one after another (computed here, independently
 * of the runner), and a corrupt model still stops the run before anything is written, with the error
 * of the first corrupt model in the run's order.
 */
class ParallelPlanTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> MODELS = List.of("ista-cnn", "soft-threshold-cnn", "relu-cnn");
    private static final int LIMIT = 20;
    private static final long SEED = 3;

    @TempDir
    Path tmp;

    private Runner.Outcome run(Path models) throws IOException {
        Path suite = tmp.resolve("suite.yaml");
        Files.writeString(suite, """
                name: plan
                seed: %d
                models: [%s]
                limit: %d
                suites:
                  - type: noise
                    corruptions: [gaussian-noise]
                    severities: [1]
                """.formatted(SEED, String.join(", ", MODELS), LIMIT));
        RunOptions options = new RunOptions(suite, tmp.resolve("reports"), models, Path.of("data").toAbsolutePath(),
                Path.of("/usr/share/datasets/fashion-mnist"), List.of(), null, null, null, null, true, null, false,
                null, 2);
        return new Runner(options, new PrintStream(OutputStream.nullOutputStream())).run();
    }

    @Test
    void fingerprintsAndDiagnosticsAreThoseOfEachModelCheckedAlone() throws IOException {
        Runner.Outcome o = run(Path.of("models").toAbsolutePath());
        JsonNode results = JSON.readTree(o.runDir().resolve(ResultStore.FILE).toFile());
        // The plan's probe: the run's first DIAGNOSTIC_SAMPLES stratified samples (here all LIMIT of them).
        Dataset data = new Datasets(Path.of("data").toAbsolutePath(), Path.of("/usr/share/datasets/fashion-mnist"))
                .open(Datasets.FASHION_MNIST_TEST);
        int[] indices = StratifiedSampler.sample(data, LIMIT, SEED);
        int[] probe = Arrays.copyOf(indices, Math.min(Runner.DIAGNOSTIC_SAMPLES, indices.length));
        CheckpointModelProvider provider = new CheckpointModelProvider();
        int withDiagnostics = 0;
        for (String id : MODELS) {
            Path dir = Path.of("models", id);
            String sha = Checkpoints.sha256(dir.resolve("model.sd"));
            assertEquals(sha, results.at("/manifest/models/" + id + "/sha256").asText(), id);
            try (Model m = provider.load(id, Path.of("models").toAbsolutePath())) {
                var alone = SparseDiagnostics.ofModel(m, data.images(probe)).map(d -> d.toMap(probe.length));
                assertEquals(alone.isPresent(), results.path("diagnostics").has(id), id);
                if (alone.isPresent()) {
                    withDiagnostics++;
                    assertEquals(JSON.valueToTree(alone.get()), results.get("diagnostics").get(id), id);
                }
            }
        }
        assertTrue(withDiagnostics >= 2, "at least two models checked side by side have diagnostics");
    }

    @Test
    void aCorruptModelStopsTheRunBeforeAnythingIsWrittenWithTheFirstOnesError() throws IOException {
        Path models = Files.createDirectories(tmp.resolve("models"));
        for (String id : MODELS) {
            Path dir = Files.createDirectories(models.resolve(id));
            try (Stream<Path> s = Files.list(Path.of("models", id))) {
                for (Path f : s.toList()) {
                    Files.copy(f, dir.resolve(f.getFileName()));
                }
            }
        }
        // The second and third are corrupt: the run reports the second, as a loop over the models would.
        for (String id : MODELS.subList(1, 3)) {
            Path sd = models.resolve(id).resolve("model.sd");
            byte[] b = Files.readAllBytes(sd);
            b[b.length / 2] ^= 0x55;
            Files.write(sd, b);
        }
        ConfigException e = assertThrows(ConfigException.class, () -> run(models));
        assertTrue(e.getMessage().contains(MODELS.get(1) + "/model.sd") && e.getMessage().contains(
                "does not match checkpointSha256"), e.getMessage());
        Path reports = tmp.resolve("reports");
        if (Files.exists(reports)) {
            try (Stream<Path> s = Files.list(reports)) {
                assertEquals(List.of(), s.toList(), "nothing written");
            }
        }
    }
}
