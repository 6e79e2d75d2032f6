package org.sparsebench.stats;

import java.util.Arrays;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.sparsebench.api.Metric;

/**
 * Area under the ROC curve for separating positives (higher scores expected) from negatives, as the
 * Mann–Whitney statistic with ties counted one half, and its DeLong et al. (1988) interval computed
 * with the midrank algorithm of Sun &amp; Xu (2014).
 */
public final class Auroc {
    private Auroc() {
    }

    /** AUROC of {@code positive} vs {@code negative} scores with a DeLong interval at {@code level}. */
    public static Metric delong(double[] positive, double[] negative, double level) {
        int m = positive.length;
        int n = negative.length;
        if (m == 0 || n == 0) {
            throw new IllegalArgumentException("AUROC needs both classes: " + m + " positives, " + n + " negatives");
        }
        double[] all = new double[m + n];
        System.arraycopy(positive, 0, all, 0, m);
        System.arraycopy(negative, 0, all, m, n);
        double[] rAll = midranks(all);
        double[] rPos = midranks(positive);
        double[] rNeg = midranks(negative);
        double sumPos = 0;
        double[] v10 = new double[m];
        for (int i = 0; i < m; i++) {
            sumPos += rAll[i];
            v10[i] = (rAll[i] - rPos[i]) / n;
        }
        double[] v01 = new double[n];
        for (int j = 0; j < n; j++) {
            v01[j] = 1.0 - (rAll[m + j] - rNeg[j]) / m;
        }
        double auc = (sumPos - m * (m + 1) / 2.0) / ((double) m * n);
        double var = variance(v10, auc) / m + variance(v01, auc) / n;
        double z = new NormalDistribution().inverseCumulativeProbability(0.5 + level / 2);
        double half = z * Math.sqrt(Math.max(var, 0));
        return new Metric(auc, Math.max(0, auc - half), Math.min(1, auc + half), level, "delong", (long) m + n);
    }

    /**
     * False-positive rate at the smallest threshold that keeps at least {@code tpr} of the
     * positives (FPR@95TPR for tpr = 0.95): the share of negatives scoring at or above it.
     */
    public static double fprAtTpr(double[] positive, double[] negative, double tpr) {
        double[] pos = positive.clone();
        Arrays.sort(pos);
        int keep = (int) Math.ceil(tpr * pos.length);
        double threshold = pos[pos.length - keep];
        long fp = 0;
        for (double s : negative) {
            if (s >= threshold) {
                fp++;
            }
        }
        return (double) fp / negative.length;
    }

    /** 1-based midranks (ties share the mean rank); shared by every DeLong computation. */
    public static double[] midranks(double[] x) {
        int n = x.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(x[a], x[b]));
        double[] r = new double[n];
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && x[order[j + 1]] == x[order[i]]) {
                j++;
            }
            double mid = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                r[order[k]] = mid;
            }
            i = j + 1;
        }
        return r;
    }

    private static double variance(double[] v, double mean) {
        if (v.length < 2) {
            return 0;
        }
        double s = 0;
        for (double d : v) {
            s += (d - mean) * (d - mean);
        }
        return s / (v.length - 1);
    }
}
