package org.sparsebench.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparsebench.api.ConfigException;
import org.sparsebench.api.Loss;
import org.sparsebench.api.Model;
import org.sparsebench.api.ModelProvider;

class CheckpointsTest {
    @TempDir
    Path dir;

    private ModelManifest manifest(CnnSpec spec) {
        return new ModelManifest(spec.id(), ModelManifest.SAMEDIFF, "test model", Checkpoints.SAMEDIFF_FILE, spec, null,
                null, null, 5L, 1, new ModelManifest.TrainData("none", "00"), 0.5, 1.0, spec.parameterCount(), null,
                "2020-01-01T00:00:00Z", Checkpoints.VERSION);
    }

    @Test
    void saveLoadRoundTripGivesIdenticalLogitsAndGradients() throws Exception {
        SameDiffModel original = SameDiffModel.create(CnnSpec.reluCnn(), 9);
        ModelManifest written = Checkpoints.save(dir, original.graph(), manifest(CnnSpec.reluCnn()));
        // expected digest: SHA-256 of the file on disk, recomputed independently of save()
        assertEquals(Checkpoints.sha256(dir.resolve("relu-cnn/model.sd")), written.checkpointSha256());
        SameDiffModel loaded = Checkpoints.load(dir.resolve("relu-cnn"));
        INDArray x = SameDiffModelTest.randomInput(5, CnnSpec.reluCnn().input(), 3, DataType.FLOAT);
        assertEquals(original.logits(x), loaded.logits(x));
        assertEquals(original.features(x), loaded.features(x));
        int[] y = {0, 1, 2, 3, 4};
        assertEquals(original.gradient(x, Loss.crossEntropy(y)).inputGradient(),
                loaded.gradient(x, Loss.crossEntropy(y)).inputGradient());
        assertEquals(written, Checkpoints.readManifest(dir.resolve("relu-cnn")));
        assertTrue(Files.exists(dir.resolve("relu-cnn/manifest.json")));
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count(), "no temporary directories left behind");
        }
    }

    @Test
    void saveReplacesAnExistingCheckpoint() throws Exception {
        Checkpoints.save(dir, SameDiffModel.create(SameDiffModelTest.TINY, 1).graph(), manifest(SameDiffModelTest.TINY));
        ModelManifest second = Checkpoints.save(dir, SameDiffModel.create(SameDiffModelTest.TINY, 2).graph(),
                manifest(SameDiffModelTest.TINY));
        assertEquals(second.checkpointSha256(), Checkpoints.sha256(dir.resolve("tiny/model.sd")));
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count());
        }
    }

    @Test
    void providerIsRegisteredListsLoadsAndFingerprints() {
        Checkpoints.save(dir, SameDiffModel.create(SameDiffModelTest.TINY, 1).graph(), manifest(SameDiffModelTest.TINY));
        ModelProvider p = ServiceLoader.load(ModelProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(m -> m.name().equals("checkpoints")).findFirst().orElseThrow();
        assertEquals(Map.of("tiny", "test model"), p.models(dir));
        try (Model m = p.load("tiny", dir)) {
            assertEquals("tiny", m.id());
            assertEquals(3, m.numClasses());
        }
        assertEquals(Checkpoints.sha256(dir.resolve("tiny/model.sd")), p.fingerprint("tiny", dir));
        ConfigException e = assertThrows(ConfigException.class, () -> p.load("nope", dir));
        assertTrue(e.getMessage().contains("nope") && e.getMessage().contains("available: tiny"), e.getMessage());
    }

    @Test
    void tamperedCheckpointIsRefused() throws Exception {
        Checkpoints.save(dir, SameDiffModel.create(SameDiffModelTest.TINY, 1).graph(), manifest(SameDiffModelTest.TINY));
        Path file = dir.resolve("tiny/model.sd");
        byte[] b = Files.readAllBytes(file);
        b[b.length / 2] ^= 1;
        Files.write(file, b);
        ConfigException e = assertThrows(ConfigException.class, () -> Checkpoints.load(dir.resolve("tiny")));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    }

    @Test
    void corruptManifestNamesTheFile() throws Exception {
        Files.createDirectories(dir.resolve("bad"));
        Files.writeString(dir.resolve("bad/manifest.json"), "{ not json");
        ConfigException e = assertThrows(ConfigException.class, () -> new CheckpointModelProvider().models(dir));
        assertTrue(e.getMessage().contains("bad/manifest.json"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
}
