package org.sparsebench.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.sparsebench.api.Metric;
import org.sparsebench.stats.OodMetrics.Convention;

class OodMetricsTest {
    // Hand-made lists with ties across and within classes (higher = more in-distribution).
    private static final double[] IN = {0.9, 0.8, 0.8, 0.3};
    private static final double[] OUT = {0.8, 0.5, 0.1};

    @Test
    void handWorkedExampleWithTies() {
        OodMetrics om = new OodMetrics(IN, OUT);
        // AUROC = Mann–Whitney U / (4·3): wins 3 + 2.5 + 2.5 + 1 = 9 of 12 pairs.
        assertEquals(9.0 / 12, Auroc.delong(IN, OUT, 0.95).value(), 1e-15);
        // AUPR-In: thresholds 0.9 (P=1, R=1/4), 0.8 (TP 3, FP 1: P=3/4, R=3/4), 0.5 (R unchanged),
        // 0.3 (TP 4, FP 2: P=2/3, R=1): 1/4·1 + 1/2·3/4 + 1/4·2/3 = 19/24.
        assertEquals(19.0 / 24, om.auprIn(), 1e-15);
        // AUPR-Out on −score: −0.1 (P=1, R=1/3), −0.3 (FP only), −0.5 (TP 2, FP 1: P=2/3, R=2/3),
        // −0.8 (TP 3, FP 3: P=1/2, R=1): 1/3 + 1/3·2/3 + 1/3·1/2 = 13/18.
        assertEquals(13.0 / 18, om.auprOut(), 1e-15);
        // In-positive: accepting 95% of 4 in-samples needs all 4, threshold 0.3; OOD at or above: 0.8, 0.5.
        assertEquals(2.0 / 3, om.fpr95(Convention.IN_POSITIVE), 1e-15);
        // OOD-positive: catching 95% of 3 OOD samples needs all 3, i.e. rejecting scores ≤ 0.8; that
        // rejects 0.8, 0.8 and 0.3 of the in-samples.
        assertEquals(3.0 / 4, om.fpr95(Convention.OOD_POSITIVE), 1e-15);
        // TPR 50% in-positive: 2 in-samples needed; the tie group 0.8 brings TP 3 and FP 1.
        assertEquals(1.0 / 3, om.fprAtTpr(0.5, Convention.IN_POSITIVE), 1e-15);
    }

    @Test
    void perfectSeparationAndIdenticalScores() {
        OodMetrics perfect = new OodMetrics(new double[] {3, 4, 5}, new double[] {0, 1, 2});
        assertEquals(1.0, Auroc.delong(new double[] {3, 4, 5}, new double[] {0, 1, 2}, 0.95).value(), 0);
        assertEquals(1.0, perfect.auprIn(), 0);
        assertEquals(1.0, perfect.auprOut(), 0);
        assertEquals(0.0, perfect.fpr95(Convention.IN_POSITIVE), 0);
        assertEquals(0.0, perfect.fpr95(Convention.OOD_POSITIVE), 0);

        double[] in = {0.5, 0.5, 0.5, 0.5};
        double[] out = {0.5, 0.5};
        OodMetrics same = new OodMetrics(in, out);
        assertEquals(0.5, Auroc.delong(in, out, 0.95).value(), 0);
        // One threshold: precision = share of the positive class, recall jumps 0 → 1.
        assertEquals(4.0 / 6, same.auprIn(), 1e-15);
        assertEquals(2.0 / 6, same.auprOut(), 1e-15);
        assertEquals(1.0, same.fpr95(Convention.IN_POSITIVE), 0);
        assertEquals(1.0, same.fpr95(Convention.OOD_POSITIVE), 0);
    }

    @Test
    void conventionsSwapWhenClassesAndSignSwap() {
        // OOD-positive FPR95 of (in, out) is the in-positive FPR95 of (−out, −in): an independent route.
        SplittableRandom r = new SplittableRandom(3);
        double[] in = r.doubles(57).map(v -> Math.round(v * 20) / 20.0 + 0.1).toArray();
        double[] out = r.doubles(43).map(v -> Math.round(v * 20) / 20.0).toArray();
        double[] negOut = Arrays.stream(out).map(v -> -v).toArray();
        double[] negIn = Arrays.stream(in).map(v -> -v).toArray();
        assertEquals(new OodMetrics(negOut, negIn).fpr95(Convention.IN_POSITIVE),
                new OodMetrics(in, out).fpr95(Convention.OOD_POSITIVE), 1e-15);
        assertEquals(new OodMetrics(negOut, negIn).auprIn(), new OodMetrics(in, out).auprOut(), 1e-15);
        // And the in-positive FPR95 agrees with the existing Auroc.fprAtTpr.
        assertEquals(Auroc.fprAtTpr(in, out, 0.95), new OodMetrics(in, out).fpr95(Convention.IN_POSITIVE), 1e-15);
    }

    @Test
    void weightedSweepEqualsTheMetricOnTheExpandedResample() {
        SplittableRandom r = new SplittableRandom(11);
        double[] in = r.doubles(30).map(v -> Math.round(v * 10) / 10.0 + 0.2).toArray();
        double[] out = r.doubles(25).map(v -> Math.round(v * 10) / 10.0).toArray();
        OodMetrics om = new OodMetrics(in, out);
        int[] w = new int[55];
        double[] in2 = new double[30];
        double[] out2 = new double[25];
        for (int i = 0; i < 30; i++) {
            int pick = r.nextInt(30);
            w[pick]++;
            in2[i] = in[pick];
        }
        for (int j = 0; j < 25; j++) {
            int pick = r.nextInt(25);
            w[30 + pick]++;
            out2[j] = out[pick];
        }
        OodMetrics expanded = new OodMetrics(in2, out2);
        assertEquals(expanded.auprIn(), om.auprIn(w), 1e-12);
        assertEquals(expanded.auprOut(), om.auprOut(w), 1e-12);
        for (Convention c : Convention.values()) {
            assertEquals(expanded.fpr95(c), om.fprAtTpr(0.95, c, w), 1e-12);
        }
    }

    @Test
    void bootstrapIntervalsAreSeededAndDegenerateForPerfectSeparation() {
        SplittableRandom r = new SplittableRandom(5);
        double[] in = r.doubles(200).map(v -> v + 0.3).toArray();
        double[] out = r.doubles(150).toArray();
        OodMetrics om = new OodMetrics(in, out);
        Metric a = om.fpr95Interval(Convention.IN_POSITIVE, 300, 9, 0.95);
        Metric b = om.fpr95Interval(Convention.IN_POSITIVE, 300, 9, 0.95);
        assertEquals(a, b, "same seed, same interval");
        assertEquals(om.fpr95(Convention.IN_POSITIVE), a.value(), 0);
        assertTrue(a.lower() <= a.value() && a.value() <= a.upper(), a.toString());
        Metric ap = om.auprInInterval(300, 9, 0.95);
        assertTrue(ap.lower() < ap.value() && ap.value() < ap.upper(), ap.toString());

        OodMetrics perfect = new OodMetrics(new double[] {3, 4, 5, 6}, new double[] {0, 1, 2});
        Metric p = perfect.auprOutInterval(200, 1, 0.95);
        assertEquals(1.0, p.lower(), 0);
        assertEquals(1.0, p.upper(), 0);
        Metric f = perfect.fpr95Interval(Convention.OOD_POSITIVE, 200, 1, 0.95);
        assertEquals(0.0, f.upper(), 0);
    }

    @Test
    void intervalsFromOneSetOfResamplesEqualTheSeparateIntervals() {
        SplittableRandom r = new SplittableRandom(12);
        double[] in = r.doubles(120).map(v -> v + 0.2).toArray();
        double[] out = r.doubles(90).toArray();
        OodMetrics om = new OodMetrics(in, out);
        OodMetrics.Intervals ci = om.intervals(250, 3, 0.95);
        assertEquals(om.auprInInterval(250, 3, 0.95), ci.auprIn());
        assertEquals(om.auprOutInterval(250, 3, 0.95), ci.auprOut());
        assertEquals(om.fpr95Interval(Convention.IN_POSITIVE, 250, 3, 0.95), ci.fpr95InPositive());
        assertEquals(om.fpr95Interval(Convention.OOD_POSITIVE, 250, 3, 0.95), ci.fpr95OodPositive());
    }

    @Test
    void groupedReplicatesEqualThePerSampleSweepsBitForBitWithManyTies() {
        // intervals() sums each resample's weights per tie group and sweeps the groups; the expected
        // values are the per-sample weighted sweeps (the …Interval methods), on scores rounded to one
        // decimal so most groups hold several samples of both classes (Metric equality compares the
        // doubles exactly). Odd sizes, and one class much larger than the other.
        for (int[] size : new int[][] {{37, 211}, {300, 5}, {64, 64}}) {
            SplittableRandom r = new SplittableRandom(size[0] * 1000L + size[1]);
            double[] in = r.doubles(size[0]).map(v -> Math.round(10 * (v + 0.15)) / 10.0).toArray();
            double[] out = r.doubles(size[1]).map(v -> Math.round(10 * v) / 10.0).toArray();
            OodMetrics om = new OodMetrics(in, out);
            OodMetrics.Intervals ci = om.intervals(200, 17, 0.9);
            String what = java.util.Arrays.toString(size);
            assertEquals(om.auprInInterval(200, 17, 0.9), ci.auprIn(), what);
            assertEquals(om.auprOutInterval(200, 17, 0.9), ci.auprOut(), what);
            assertEquals(om.fpr95Interval(Convention.IN_POSITIVE, 200, 17, 0.9), ci.fpr95InPositive(), what);
            assertEquals(om.fpr95Interval(Convention.OOD_POSITIVE, 200, 17, 0.9), ci.fpr95OodPositive(), what);
        }
    }
}
