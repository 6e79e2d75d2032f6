package org.sparsebench.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparsebench.api.ConfigException;
import org.sparsebench.api.FirstConvLayer;
import org.sparsebench.api.Model;

/** The YAML specs of models/ and backwards compatibility of the committed relu-cnn checkpoint. */
class ZooSpecsTest {
    static final Path MODELS = Path.of("models");

    @Test
    void everyCommittedSpecLoadsAndTheBaselineIsUnchanged() {
        Map<String, Path> files = Zoo.specFiles(MODELS);
        assertTrue(files.keySet().containsAll(java.util.List.of("relu-cnn", "sparse-prior-cnn", "soft-threshold-cnn",
                "ista-cnn", "kwta-cnn")), files.keySet().toString());
        for (String id : files.keySet()) {
            Zoo.Entry e = Zoo.load(MODELS, id);
            assertEquals(id, e.spec().id());
            assertEquals(42, e.seed());
            // same backbone everywhere: only the variant differs
            assertEquals(CnnSpec.reluCnn().parameterCount(), e.spec().parameterCount());
            assertEquals(CnnSpec.reluCnn().convChannels(), e.spec().convChannels());
        }
        assertEquals(CnnSpec.reluCnn(), Zoo.spec(MODELS, "relu-cnn"));
        assertEquals(Variant.ISTA, Zoo.spec(MODELS, "ista-cnn").resolvedVariant());
        assertEquals(0.2, Zoo.spec(MODELS, "kwta-cnn").kwtaRatio());
    }

    @Test
    void badSpecsNameTheFileAndField(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a.yaml"), "id: a\nvariant: ista\n");
        ConfigException e = assertThrows(ConfigException.class, () -> Zoo.load(dir, "a"));
        assertTrue(e.getMessage().contains("a.yaml") && e.getMessage().contains("istaIterations"), e.getMessage());
        Files.writeString(dir.resolve("b.yaml"), "id: b\nvariant: sparse\n");
        e = assertThrows(ConfigException.class, () -> Zoo.load(dir, "b"));
        assertTrue(e.getMessage().contains("sparse-prior"), e.getMessage());
        Files.writeString(dir.resolve("c.yaml"), "id: c\nkernal: 3\n");
        e = assertThrows(ConfigException.class, () -> Zoo.load(dir, "c"));
        assertTrue(e.getMessage().contains("c.yaml") && e.getMessage().contains("kernal"), e.getMessage());
        Files.writeString(dir.resolve("d.yaml"), "id: other\n");
        e = assertThrows(ConfigException.class, () -> Zoo.load(dir, "d"));
        assertTrue(e.getMessage().contains("file name"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> Zoo.load(dir, "zz"));
        assertTrue(e.getMessage().contains("known: a, b, c, d"), e.getMessage());
    }

    @Test
    void committedReluCheckpointLoadsWithTheSameLogitsAsItsGraphRebuiltFromCode() {
        // the manifest predates variants: it must still read as a ReLU CNN; reference = SameDiffCnn.build of
        // the same spec with the checkpoint's weights copied in
        ModelManifest m = Checkpoints.readManifest(MODELS.resolve("relu-cnn"));
        assertNull(m.spec().variant());
        assertEquals(CnnSpec.reluCnn(), m.spec());
        Model loaded = new CheckpointModelProvider().load("relu-cnn", MODELS);
        SameDiff reference = SameDiffCnn.build(m.spec(), 1);
        SameDiff graph = ((SameDiffModel) loaded).graph();
        for (SDVariable v : reference.variables()) {
            if (v.getVariableType() == VariableType.VARIABLE) {
                v.getArr().assign(graph.getArrForVarName(v.name()));
            }
        }
        INDArray x = SameDiffModelTest.randomInput(6, m.spec().input(), 1, DataType.FLOAT);
        assertEquals(new SameDiffModel(m.spec(), reference).logits(x), loaded.logits(x));
        FirstConvLayer f = loaded.firstConv().orElseThrow();
        INDArray b = graph.getArrForVarName("conv0_b");
        for (int c = 0; c < 16; c++) {
            assertEquals(Math.max(-b.getDouble(c), 0), f.lambda().getDouble(c), 0.0, "λ = max(-b, 0)");
        }
        assertEquals(0, f.istaIterations());
    }
}
