package org.sparsebench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparsebench.testing.CountingModelProvider;

/**
 * The runner loads each model once per run: the instance its plan loads (to check it and compute
 * the diagnostics) is the one the local engine evaluates, and every loaded model is closed by the end.
 */
class ModelLoadsTest {
    private static final String SUITE = """
            name: loads
            seed: 2
            models: [counting-model]
            limit: 30
            suites:
              - type: noise
                corruptions: [gaussian-noise]
                severities: [1, 2]
              - type: adversarial
                attacks:
                  - {attack: fgsm, norm: linf, epsilons: [0.05]}
                audit: false
            """;

    @TempDir
    Path tmp;

    @BeforeEach
    void reset() {
        CountingModelProvider.LOADS.set(0);
        CountingModelProvider.CLOSES.set(0);
    }

    private Runner.Outcome run(boolean cache) throws IOException {
        Path models = tmp.resolve("models");
        Files.createDirectories(models);
        Files.writeString(models.resolve(CountingModelProvider.ID + ".test"), "");
        Path suite = tmp.resolve("suite.yaml");
        Files.writeString(suite, SUITE);
        RunOptions options = new RunOptions(suite, tmp.resolve("reports"), models, Path.of("data").toAbsolutePath(),
                Path.of("/usr/share/datasets/fashion-mnist"), List.of(), null, null, null, null, true, null, cache,
                null, null);
        return new Runner(options, new PrintStream(OutputStream.nullOutputStream())).run();
    }

    @Test
    void theModelThePlanLoadedIsTheOneEvaluated() throws IOException {
        Runner.Outcome o = run(false);
        assertEquals(4, o.results().results().size(), "clean + 2 severities, 1 attack");
        assertEquals(1, CountingModelProvider.LOADS.get(), "loads in a run of four conditions");
        assertEquals(1, CountingModelProvider.CLOSES.get(), "closes");
    }

    @Test
    void aModelWithNothingLeftToComputeIsClosedAfterThePlan() throws IOException {
        run(true);
        reset();
        Runner.Outcome o = run(true); // every condition from the cache
        assertEquals(4, ((java.util.Map<?, ?>) o.results().execution().get("conditions")).get("cache"));
        assertEquals(1, CountingModelProvider.LOADS.get(), "the plan's load only");
        assertEquals(1, CountingModelProvider.CLOSES.get(), "closed");
    }
}
