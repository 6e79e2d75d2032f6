package org.sparsebench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Command-line behaviour that needs no model: usage errors, --version, list. */
class CliTest {

    @Test
    void unknownCommandPrintsUsageOnStderrAndExits2() {
        CliRunner r = CliRunner.run("frobnicate");
        assertEquals(ExitCodes.USAGE, r.status());
        assertTrue(r.err().contains("Unmatched argument") || r.err().contains("frobnicate"), r.err());
        assertTrue(r.err().contains("Usage: sparsebench"), r.err());
    }

    @Test
    void unknownOptionExits2() {
        CliRunner r = CliRunner.run("run", "--no-such-option");
        assertEquals(ExitCodes.USAGE, r.status());
        assertTrue(r.err().contains("Unknown option: '--no-such-option'"), r.err());
    }

    @Test
    void versionPrintsTheProjectVersion() {
        CliRunner r = CliRunner.run("--version");
        assertEquals(0, r.status());
        assertTrue(r.out().startsWith("sparsebench "), r.out());
    }

    @Test
    void listShowsEveryKindOfPlugin() {
        CliRunner r = CliRunner.run("list");
        assertEquals(0, r.status(), r.err());
        for (String s : new String[] {"models:", "relu-cnn", "datasets:", "fashion-mnist-test", "mnist-test",
                "suite types:", "noise", "adversarial", "anomaly", "corruptions:", "gaussian-noise", "attacks:", "fgsm",
                "OOD scores:", "msp", "reporters:", "html"}) {
            assertTrue(r.out().contains(s), "missing " + s + " in\n" + r.out());
        }
    }

    @Test
    void missingSuiteFileIsOneLineAndExit3(@TempDir Path tmp) {
        CliRunner r = CliRunner.run("run", tmp.resolve("nope.yaml").toString(), "--reports-dir",
                tmp.resolve("reports").toString());
        assertEquals(ExitCodes.BAD_INPUT, r.status());
        assertEquals("sparsebench: " + tmp.resolve("nope.yaml") + ": suite file not found", r.err().trim());
        assertFalse(Files.exists(tmp.resolve("reports/latest")));
    }
}
