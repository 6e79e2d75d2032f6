package org.sparsebench.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sparsebench.api.RunResults;
import org.sparsebench.stats.McNemar;
import org.sparsebench.stats.MultipleComparisons.Correction;
import org.sparsebench.stats.TwoProportions;

class RunComparisonTest {
    static final int N = 1000;
    static final int[] BASE = Synthetic.outcomes(N, 0.9, 1);

    private static Row row(Report r, String condition, String metric) {
        return r.rows().stream().filter(x -> x.condition().equals(condition) && x.metric().equals(metric)).findFirst()
                .orElseThrow();
    }

    @Test
    void sameSamplesUseMcNemarOnTheDiscordantPairs() {
        // 12 samples go from right to wrong, 3 from wrong to right: b = 12, c = 3 -> exact McNemar.
        int[] cur = Synthetic.fixSome(Synthetic.breakSome(BASE, 12), 3);
        RunResults a = Synthetic.run("a", Synthetic.SHA, Synthetic.noise("m", "clean", Synthetic.range(0, N), BASE));
        RunResults b = Synthetic.run("b", Synthetic.SHA, Synthetic.noise("m", "clean", Synthetic.range(0, N), cur));
        Report r = RunComparison.compare(a, b, RunComparison.Options.defaults());
        Row acc = row(r, "clean", "accuracy");
        assertTrue(acc.paired());
        assertEquals("mcnemar-exact", acc.difference().method());
        assertEquals(-9.0 / N, acc.difference().estimate(), 1e-12);
        assertEquals(McNemar.exactP(12, 3, false), acc.difference().pValue(), 1e-15);
        // Two tested rows (accuracy, error) with identical p: Holm multiplies the smaller by 2, then max.
        assertEquals(Math.min(1, 2 * McNemar.exactP(12, 3, false)), acc.adjustedP(), 1e-15);
        Row err = row(r, "clean", "error");
        assertEquals(9.0 / N, err.difference().estimate(), 1e-12);
        assertEquals(Direction.LOWER, err.better());
        assertEquals(Verdict.SAME, acc.verdict(), "p = 0.035 raw, 0.07 after Holm");
    }

    @Test
    void samplesInAnotherOrderAreStillPaired() {
        int[] idx = Synthetic.range(0, N);
        int[] rev = new int[N];
        int[] revCorrect = new int[N];
        for (int i = 0; i < N; i++) {
            rev[i] = idx[N - 1 - i];
            revCorrect[i] = BASE[N - 1 - i];
        }
        RunResults a = Synthetic.run("a", Synthetic.SHA, Synthetic.noise("m", "clean", idx, BASE));
        RunResults b = Synthetic.run("b", Synthetic.SHA, Synthetic.noise("m", "clean", rev, revCorrect));
        Row acc = row(RunComparison.compare(a, b, RunComparison.Options.defaults()), "clean", "accuracy");
        assertTrue(acc.paired());
        assertEquals(1.0, acc.difference().pValue(), "same outcomes per sample: no discordant pairs");
    }

    @Test
    void differentSamplesFallBackToTheUnpairedTestWithANote() {
        int[] other = Synthetic.outcomes(N, 0.85, 2);
        RunResults a = Synthetic.run("a", Synthetic.SHA, Synthetic.noise("m", "clean", Synthetic.range(0, N), BASE));
        RunResults b = Synthetic.run("b", Synthetic.SHA,
                Synthetic.noise("m", "clean", Synthetic.range(5000, N), other));
        Row acc = row(RunComparison.compare(a, b, RunComparison.Options.defaults()), "clean", "accuracy");
        assertFalse(acc.paired());
        assertEquals("newcombe-score+z", acc.difference().method());
        assertTrue(acc.note().contains("different samples"), acc.note());
        long xa = java.util.Arrays.stream(BASE).sum();
        long xb = java.util.Arrays.stream(other).sum();
        assertEquals(TwoProportions.compare(xa, N, xb, N, 0.95), acc.difference());
    }

    @Test
    void aurocIsComparedWithPairedDeLongAndFprByPairedBootstrap() {
        RunResults a = Synthetic.run("a", Synthetic.SHA, Synthetic.anomaly("m", 500, 1.5, 3));
        RunResults b = Synthetic.run("b", Synthetic.SHA, Synthetic.anomaly("m", 500, 0.5, 3));
        Report r = RunComparison.compare(a, b, RunComparison.Options.defaults());
        Row auroc = row(r, "mnist-test/msp", "auroc");
        assertEquals("delong-paired", auroc.difference().method());
        assertTrue(auroc.difference().estimate() < -0.2, "shift 1.5 -> 0.5 costs ~0.19 AUROC: " + auroc);
        assertTrue(auroc.adjustedP() < 1e-6);
        assertEquals(Verdict.WORSE, auroc.verdict());
        Row fpr = row(r, "mnist-test/msp", "fpr_at_95tpr");
        assertEquals("bootstrap-paired", fpr.difference().method());
        assertTrue(fpr.difference().estimate() > 0 && fpr.verdict() == Verdict.WORSE, fpr.toString());
        // Reproducible: the bootstrap is seeded per row.
        assertEquals(fpr, row(RunComparison.compare(a, b, RunComparison.Options.defaults()), "mnist-test/msp",
                "fpr_at_95tpr"));
    }

    @Test
    void gateFailsOnlyWhenWorseBeyondToleranceAndSignificant() {
        Gate gate = new Gate(0.05, Correction.HOLM, Map.of("accuracy", new Gate.Rule(0.01, Direction.HIGHER)));
        RunComparison.Options o = new RunComparison.Options(0.05, Correction.HOLM, gate, 1000, 1, false);
        RunResults a = Synthetic.run("a", Synthetic.SHA, Synthetic.noise("m", "clean", Synthetic.range(0, N), BASE));
        // 100 fewer correct: 0.1 worse, p ~ 1e-30 -> FAIL.
        Report bad = RunComparison.compare(a, Synthetic.run("b", Synthetic.SHA,
                Synthetic.noise("m", "clean", Synthetic.range(0, N), Synthetic.breakSome(BASE, 100))), o);
        assertFalse(bad.passed());
        assertEquals(List.of("accuracy"), bad.failures().stream().map(Row::metric).toList());
        assertEquals(1, bad.rows().size(), "only gated metrics are compared");
        // 30 worse, 5 better on the same samples: 0.025 worse and significant, but with tolerance 0.03 -> pass.
        Gate loose = new Gate(0.05, Correction.HOLM, Map.of("accuracy", new Gate.Rule(0.03, Direction.HIGHER)));
        Report within = RunComparison.compare(a, Synthetic.run("b", Synthetic.SHA, Synthetic.noise("m", "clean",
                Synthetic.range(0, N), Synthetic.fixSome(Synthetic.breakSome(BASE, 30), 5))),
                new RunComparison.Options(0.05, Correction.HOLM, loose, 1000, 1, false));
        assertTrue(within.passed());
        assertTrue(within.rows().get(0).adjustedP() < 0.001);
    }

    @Test
    void differentDatasetsAreUnusable() {
        RunResults a = Synthetic.run("a", Synthetic.SHA, Synthetic.noise("m", "clean", Synthetic.range(0, N), BASE));
        RunResults b = Synthetic.run("b", "0000" + Synthetic.SHA.substring(4),
                Synthetic.noise("m", "clean", Synthetic.range(0, N), BASE));
        UnusableInputException e = assertThrows(UnusableInputException.class,
                () -> RunComparison.compare(a, b, RunComparison.Options.defaults()));
        assertTrue(e.getMessage().startsWith("the runs used different datasets"), e.getMessage());
        RunResults c = Synthetic.run("c", Synthetic.SHA, Synthetic.noise("other", "clean", Synthetic.range(0, N), BASE));
        assertThrows(UnusableInputException.class, () -> RunComparison.compare(a, c, RunComparison.Options.defaults()));
    }

    @Test
    void directionDefaults() {
        assertEquals(Direction.HIGHER, Direction.defaultFor("robust_accuracy"));
        assertEquals(Direction.HIGHER, Direction.defaultFor("auroc"));
        for (String m : new String[] {"error", "fpr_at_95tpr", "attack_success_rate", "mCE", "CE/gaussian-noise",
            "relative_mCE"}) {
            assertEquals(Direction.LOWER, Direction.defaultFor(m), m);
        }
    }
}
