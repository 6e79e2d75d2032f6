package org.sparsebench.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparsebench.api.Columns;
import org.sparsebench.api.ConditionResult;
import org.sparsebench.api.RunResults;
import org.sparsebench.report.LeaderboardPage;
import org.sparsebench.stats.ProportionInterval;

class LeaderboardTest {
    private static final int N = 1000;

    private static ConditionResult attack(String model, double eps, String attack, int[] correct) {
        long k = java.util.Arrays.stream(correct).sum();
        return new ConditionResult(model, "adversarial", "adversarial", attack + "-linf/" + eps,
                Map.of("attack", attack, "norm", "linf", "epsilon", eps),
                Map.of("robust_accuracy", ProportionInterval.wilson(k, correct.length, 0.95)),
                new Columns().ints("index", Synthetic.range(0, correct.length)).ints("correct", correct), 1);
    }

    @Test
    void modelsThatDoNotDifferSignificantlyShareARank() {
        // A: 900/1000 correct; B: A with 3 answers flipped (McNemar p = 0.25, not significant);
        // C: A with 150 answers broken (p < 1e-40). Ranks: A 1, B 1, C 3 (two models significantly better).
        int[] a = Synthetic.outcomes(N, 0.9, 1);
        int[] b = Synthetic.breakSome(a, 3);
        int[] c = Synthetic.breakSome(a, 150);
        RunResults run = Synthetic.run("r1", Synthetic.SHA, Synthetic.noise("A", "clean", Synthetic.range(0, N), a),
                Synthetic.noise("B", "clean", Synthetic.range(0, N), b),
                Synthetic.noise("C", "clean", Synthetic.range(0, N), c));
        Leaderboard.Table t = Leaderboard.build(List.of(new Leaderboard.Source(run, null)), 0.05);
        Map<String, Integer> rank = new java.util.HashMap<>();
        t.entries().forEach(e -> rank.put(e.model(), e.cells().get("clean").rank()));
        assertEquals(Map.of("A", 1, "B", 1, "C", 3), rank);
        assertEquals("C", t.entries().get(2).model(), "ordered by mean rank");
    }

    @Test
    void robustAccuracyIsThePerSampleWorstCaseOverAttacks() {
        // Two attacks at the same ε: FGSM breaks samples 0..99, PGD breaks 50..149 -> robust = 1 - 150/1000.
        int[] fgsm = new int[N];
        int[] pgd = new int[N];
        java.util.Arrays.fill(fgsm, 1);
        java.util.Arrays.fill(pgd, 1);
        for (int i = 0; i < 100; i++) {
            fgsm[i] = 0;
            pgd[i + 50] = 0;
        }
        RunResults run = Synthetic.run("r1", Synthetic.SHA, attack("M", 0.1, "fgsm", fgsm), attack("M", 0.1, "pgd", pgd));
        Leaderboard.Table t = Leaderboard.build(List.of(new Leaderboard.Source(run, null)), 0.05);
        assertEquals(List.of("adv:linf:0.1"), t.columns().stream().map(Leaderboard.Column::id).toList());
        assertEquals(0.85, t.entries().get(0).cells().get("adv:linf:0.1").metric().value(), 1e-12);
    }

    @Test
    void oodColumnsLeaveOutTheDetectionOfPerturbedInputs() {
        ConditionResult ood = Synthetic.anomaly("M", 200, 1, 3);
        ConditionResult p = Synthetic.anomaly("M", 200, 0.5, 4);
        ConditionResult perturbed = new ConditionResult("M", "anomaly", "anomaly", "noise/fog/5/msp",
                Map.of("out", "noise/fog/5", "score", "msp", "group", "perturbed"), p.metrics(), p.samples(), 1.0);
        RunResults run = Synthetic.run("r1", Synthetic.SHA, ood, perturbed);
        Leaderboard.Table t = Leaderboard.build(List.of(new Leaderboard.Source(run, null)), 0.05);
        assertEquals(List.of("ood:mnist-test/msp"), t.columns().stream().map(Leaderboard.Column::id).toList());
    }

    @Test
    void namesFromFilesAreEscapedInHtmlAndQuotedInCsv(@TempDir Path dir) throws IOException {
        String evil = "<script>alert(1)</script> \"q\" & co, ltd";
        int[] a = Synthetic.outcomes(200, 0.8, 2);
        RunResults run = Synthetic.run("r<1>", Synthetic.SHA, Synthetic.noise(evil, "clean", Synthetic.range(0, 200), a));
        LeaderboardPage.write(Leaderboard.build(List.of(new Leaderboard.Source(run, "../r/index.html")), 0.05), evil, dir);
        String html = Files.readString(dir.resolve("leaderboard.html"));
        assertFalse(html.contains("<script>"), "escaped");
        Document doc = Jsoup.parse(html);
        assertEquals(evil, doc.selectFirst("table.leaderboard tbody td").text());
        assertEquals(evil, doc.title());
        String csv = Files.readString(dir.resolve("leaderboard.csv"));
        assertTrue(csv.contains("\"<script>alert(1)</script> \"\"q\"\" & co, ltd\""), csv);
        assertTrue(Files.readString(dir.resolve("leaderboard.json")).contains("sparsebench.leaderboard/1"));
    }
}
