package org.sparsebench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run --engine}: the engine SPI changes where units run, never what results.json says; a
 * missing or unknown engine is a one-line configuration error.
 */
class EngineOptionTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private Path suite() throws IOException {
        Path suite = tmp.resolve("small.yaml");
        Files.writeString(suite, """
                name: small
                seed: 11
                models: [relu-cnn]
                data: fashion-mnist-test
                limit: 40
                batch: 16
                suites:
                  - type: noise
                    corruptions: [gaussian-noise]
                    severities: [2, 4]
                  - type: adversarial
                    attacks:
                      - {attack: fgsm, norm: linf, epsilons: [0.1]}
                    audit: false
                  - type: anomaly
                    out: [mnist-test]
                    scores: [msp]
                """);
        return suite;
    }

    @Test
    void aRemoteStyleEngineInReverseOrderGivesTheSameResultsAsTheLocalOne() throws IOException {
        // The test engine (ReversedRemoteEngine) serializes the units, rebuilds everything from them on a
        // fresh workbench and reports in reverse order: the runner must still write the same bytes.
        Path suite = suite();
        Path local = tmp.resolve("local");
        Path remote = tmp.resolve("remote");
        CliRunner a = CliRunner.run("run", suite.toString(), "--reports-dir", local.toString(), "-q", "--no-cache");
        CliRunner b = CliRunner.run("run", suite.toString(), "--reports-dir", remote.toString(), "-q", "--no-cache",
                "--engine", "reversed-remote");
        assertEquals(0, a.status(), a.err());
        assertEquals(0, b.status(), b.err());
        assertEquals(RunEndToEndTest.withoutExecution(local.resolve("latest/results.json")),
                RunEndToEndTest.withoutExecution(remote.resolve("latest/results.json")));
        JsonNode execA = JSON.readTree(local.resolve("latest/results.json").toFile()).get("execution");
        JsonNode execB = JSON.readTree(remote.resolve("latest/results.json").toFile()).get("execution");
        assertEquals("local", execA.get("engine").get("name").asText());
        assertEquals("reversed-remote", execB.get("engine").get("name").asText());
        // clean + 2 severities, 1 attack, 1 OOD set, and the anomaly suite's 2 perturbed inputs (gaussian-noise/4,
        // fgsm-linf/0.1): those re-attack the model on the remote side and must give the same bytes too.
        assertEquals(7, execB.get("conditions").get("computed").asInt(), execB.toString());
    }

    @Test
    void sparkWithoutTheModuleIsOneLineNamingWhatToInstall() throws IOException {
        CliRunner r = CliRunner.run("run", suite().toString(), "--reports-dir", tmp.resolve("r").toString(), "-q",
                "--engine", "spark", "--master", "local[2]");
        assertEquals(ExitCodes.BAD_INPUT, r.status(), r.err());
        String err = r.err().trim();
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.startsWith("sparsebench: --engine spark: the Spark engine is not on the class path")
                && err.contains("sparsebench-spark/pom.xml"), err);
        assertFalse(Files.exists(tmp.resolve("r/latest")));
    }

    @Test
    void unknownEngineSuggestsTheClosestName() throws IOException {
        CliRunner r = CliRunner.run("run", suite().toString(), "--reports-dir", tmp.resolve("r").toString(), "-q",
                "--engine", "locl");
        assertEquals(ExitCodes.BAD_INPUT, r.status(), r.err());
        assertTrue(r.err().contains("unknown engine 'locl' (did you mean 'local'?); available: local, reversed-remote"), r.err());
    }

    @Test
    void theLocalEngineRefusesAMaster() throws IOException {
        CliRunner r = CliRunner.run("run", suite().toString(), "--reports-dir", tmp.resolve("r").toString(), "-q",
                "--master", "local[2]");
        assertEquals(ExitCodes.BAD_INPUT, r.status(), r.err());
        assertTrue(r.err().contains("--master local[2]: only a distributed engine takes a master"), r.err());
    }
}
