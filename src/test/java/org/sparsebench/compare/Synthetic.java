package org.sparsebench.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.sparsebench.api.Columns;
import org.sparsebench.api.ConditionResult;
import org.sparsebench.api.Metric;
import org.sparsebench.api.RunResults;
import org.sparsebench.stats.Auroc;
import org.sparsebench.stats.ProportionInterval;

/**
 * Synthetic runs with the shape the suites write (noise: accuracy/error from {@code correct};
 * anomaly: AUROC/FPR@95TPR from {@code score}/{@code ood}), metrics computed by the real stats code.
 */
public final class Synthetic {
    public static final String SHA = "9f1ec356a747bfe4ebab3cfb722d3694c9ca737e2570f6f90cf31d7b6fd689d4";

    private Synthetic() {
    }

    /** 0/1 outcomes of n samples, each 1 with probability p (seeded). */
    public static int[] outcomes(int n, double p, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] c = new int[n];
        for (int i = 0; i < n; i++) {
            c[i] = r.nextDouble() < p ? 1 : 0;
        }
        return c;
    }

    /** Sets {@code k} of the 1s to 0, starting from the first (a model that is wrong on k more samples). */
    public static int[] breakSome(int[] correct, int k) {
        int[] c = correct.clone();
        for (int i = 0; i < c.length && k > 0; i++) {
            if (c[i] == 1) {
                c[i] = 0;
                k--;
            }
        }
        return c;
    }

    /** Sets {@code k} of the 0s to 1, from the last. */
    public static int[] fixSome(int[] correct, int k) {
        int[] c = correct.clone();
        for (int i = c.length - 1; i >= 0 && k > 0; i--) {
            if (c[i] == 0) {
                c[i] = 1;
                k--;
            }
        }
        return c;
    }

    public static ConditionResult noise(String model, String condition, int[] index, int[] correct) {
        int[] label = new int[index.length];
        int[] pred = new int[index.length];
        long ok = 0;
        for (int i = 0; i < index.length; i++) {
            label[i] = index[i] % 10;
            pred[i] = correct[i] == 1 ? label[i] : (label[i] + 1) % 10;
            ok += correct[i];
        }
        Metric acc = ProportionInterval.wilson(ok, index.length, 0.95);
        Metric err = new Metric(1 - acc.value(), 1 - acc.upper(), 1 - acc.lower(), acc.level(), acc.method(), acc.n());
        return new ConditionResult(model, "noise", "noise", condition, Map.of("severity", 1),
                Map.of("accuracy", acc, "error", err),
                new Columns().ints("index", index).ints("label", label).ints("prediction", pred).ints("correct", correct),
                1.0);
    }

    /** In-distribution scores N(shift, 1), out-of-distribution N(0, 1), n of each. */
    public static ConditionResult anomaly(String model, int n, double shift, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] pos = new double[n];
        double[] neg = new double[n];
        int[] index = new int[2 * n];
        int[] ood = new int[2 * n];
        int[] label = new int[2 * n];
        double[] score = new double[2 * n];
        for (int i = 0; i < n; i++) {
            pos[i] = shift + gaussian(r);
            neg[i] = gaussian(r);
            index[i] = i;
            index[n + i] = i;
            ood[n + i] = 1;
            score[i] = pos[i];
            score[n + i] = neg[i];
        }
        return new ConditionResult(model, "anomaly", "anomaly", "mnist-test/msp", Map.of("out", "mnist-test"),
                Map.of("auroc", Auroc.delong(pos, neg, 0.95),
                        "fpr_at_95tpr", Metric.point(Auroc.fprAtTpr(pos, neg, 0.95), 2L * n)),
                new Columns().ints("index", index).ints("ood", ood).ints("label", label).doubles("score", score), 1.0);
    }

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    public static int[] range(int from, int n) {
        int[] x = new int[n];
        for (int i = 0; i < n; i++) {
            x[i] = from + i;
        }
        return x;
    }

    public static RunResults run(String id, String sha, ConditionResult... results) {
        return new RunResults(RunResults.SCHEMA, Map.of("runId", id, "data", Map.of("id", "fashion-mnist-test",
                "sha256", sha)), new ArrayList<>(List.of(results)));
    }
}
