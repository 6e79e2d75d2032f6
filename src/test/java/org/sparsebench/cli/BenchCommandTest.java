package org.sparsebench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code sparsebench bench}: the three lines in torch_reference.py's format, and bad options. No timing asserted. */
class BenchCommandTest {

    @Test
    void referenceLenetPrintsOneLinePerMode() {
        CliRunner r = CliRunner.run("bench", "--reference-lenet", "--batch", "2", "--threads", "1", "--seconds", "0.02");
        assertEquals(0, r.status(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(3, lines.size(), r.out());
        String[] modes = {"forward", "input_grad", "train_step"};
        for (int i = 0; i < 3; i++) {
            assertTrue(lines.get(i).matches("sparsebench " + modes[i] + " batch=2 threads=1 img_per_s=\\d+\\.\\d"),
                    lines.get(i));
        }
    }

    @Test
    void committedModelThroughTheCheckpointProvider() {
        CliRunner r = CliRunner.run("bench", "--model", "relu-cnn", "--models-dir", "models", "--batch", "2",
                "--threads", "1", "--seconds", "0.02", "--modes", "input_grad");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().trim().matches("sparsebench input_grad batch=2 threads=1 img_per_s=\\d+\\.\\d"), r.out());
    }

    @Test
    void versusPrintsTheInterleavedTimeRatioPerMode() {
        CliRunner r = CliRunner.run("bench", "--model", "relu-cnn", "--versus", "soft-threshold-cnn", "--models-dir",
                "models", "--batch", "2", "--threads", "1", "--seconds", "0.02", "--modes", "forward,input_grad");
        assertEquals(0, r.status(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(2, lines.size(), r.out());
        String[] modes = {"forward", "input_grad"};
        for (int i = 0; i < 2; i++) {
            assertTrue(lines.get(i).matches("sparsebench " + modes[i] + "_versus model=relu-cnn versus=soft-threshold-cnn"
                    + " batch=2 threads=1 time_ratio=\\d+\\.\\d{3} model_ms=\\d+\\.\\d{2} versus_ms=\\d+\\.\\d{2}"
                    + " rounds=\\d+"), lines.get(i));
        }
    }

    @Test
    void badOptionsAreOneLineConfigErrors() {
        assertEquals(ExitCodes.BAD_INPUT, CliRunner.run("bench", "--versus", "relu-cnn").status());
        CliRunner v = CliRunner.run("bench", "--model", "relu-cnn", "--versus", "nope", "--models-dir", "models");
        assertEquals(ExitCodes.BAD_INPUT, v.status());
        assertTrue(v.err().contains("unknown model"), v.err());
        assertEquals(ExitCodes.BAD_INPUT, CliRunner.run("bench", "--path", "fast").status());
        assertEquals(ExitCodes.BAD_INPUT, CliRunner.run("bench", "--batch", "0").status());
        assertEquals(ExitCodes.BAD_INPUT, CliRunner.run("bench", "--modes", "backward").status());
        CliRunner r = CliRunner.run("bench", "--model", "nope", "--models-dir", "models");
        assertEquals(ExitCodes.BAD_INPUT, r.status());
        assertTrue(r.err().contains("unknown model"), r.err());
    }
}
