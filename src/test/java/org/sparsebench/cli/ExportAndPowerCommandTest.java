package org.sparsebench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparsebench.api.RunResults;
import org.sparsebench.compare.Synthetic;
import org.sparsebench.run.ResultStore;

class ExportAndPowerCommandTest {

    @Test
    void csvHasOneRowPerSampleAndRecomputesTheMetrics(@TempDir Path dir) throws Exception {
        int[] correct = Synthetic.outcomes(200, 0.8, 4);
        RunResults run = Synthetic.run("r", Synthetic.SHA,
                Synthetic.noise("m", "clean", Synthetic.range(0, 200), correct), Synthetic.anomaly("m", 50, 1, 2));
        Path f = dir.resolve("results.json");
        ResultStore.write(run, f);
        Path csv = dir.resolve("samples.csv");
        CliRunner r = CliRunner.run("export", f.toString(), "--format", "csv", "--out", csv.toString());
        assertEquals(ExitCodes.OK, r.status(), r.err());
        List<String> lines = Files.readAllLines(csv);
        assertEquals("model,suite,family,condition,row,index,label,prediction,correct,ood,score", lines.get(0));
        assertEquals(1 + 200 + 100, lines.size());
        // Recompute the accuracy from the export alone.
        long ok = lines.stream().skip(1).map(l -> l.split(",", -1)).filter(c -> c[3].equals("clean"))
                .filter(c -> c[8].equals("1")).count();
        assertEquals(run.results().get(0).metrics().get("accuracy").value(), ok / 200.0, 1e-12);
        String[] ood = lines.get(1 + 200 + 50).split(",", -1);
        assertEquals("", ood[7], "no prediction column for the anomaly condition");
        assertEquals("1", ood[9]);
        assertEquals(run.results().get(1).samples().doubles("score")[50], Double.parseDouble(ood[10]));
    }

    @Test
    void jsonlToStdout(@TempDir Path dir) throws Exception {
        RunResults run = Synthetic.run("r", Synthetic.SHA,
                Synthetic.noise("m", "clean", Synthetic.range(0, 3), new int[] {1, 0, 1}));
        Path f = dir.resolve("results.json");
        ResultStore.write(run, f);
        CliRunner r = CliRunner.run("export", f.toString(), "--format", "jsonl");
        assertEquals(ExitCodes.OK, r.status(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(3, lines.size());
        JsonNode second = new ObjectMapper().readTree(lines.get(1));
        assertEquals("m", second.get("model").asText());
        assertEquals(1, second.get("index").asInt());
        assertEquals(0, second.get("correct").asInt());
        assertEquals(ExitCodes.BAD_DATA, CliRunner.run("export", dir.resolve("nope.json").toString()).status());
    }

    @Test
    void powerPrintsConnorsSizeAndTheSimulation() {
        // Connor (1987): delta 0.1, psi 0.2, alpha 0.05, power 0.8 -> 155 (worked by hand in SampleSizeTest).
        CliRunner r = CliRunner.run("power", "--accuracy", "0.9", "--difference", "0.1", "--discordant", "0.2",
                "--simulate", "500", "--seed", "3");
        assertEquals(ExitCodes.OK, r.status(), r.err());
        assertTrue(r.out().contains("same samples (McNemar, as compare uses): n = 155"), r.out());
        assertTrue(r.out().contains("simulated power of the exact McNemar test at n = 155"), r.out());
        // Unpaired 0.9 vs 0.8 (Fleiss / power.prop.test formula) -> 199 per run.
        assertTrue(r.out().contains("n = 199 per run"), r.out());
        CliRunner bad = CliRunner.run("power", "--difference", "0.5", "--discordant", "0.1");
        assertEquals(ExitCodes.BAD_INPUT, bad.status());
        assertTrue(bad.err().startsWith("sparsebench: --discordant"), bad.err());
    }
}
