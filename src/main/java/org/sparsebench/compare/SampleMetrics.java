package org.sparsebench.compare;

import java.util.Arrays;
import java.util.Locale;
import org.sparsebench.api.Columns;
import org.sparsebench.stats.Auroc;

/**
 * Metrics that can be recomputed from a condition's per-sample columns, so that differences can be
 * bootstrapped. {@link #of} returns null for a metric it does not know or whose columns are
 * missing; callers also check that the recomputed value equals the reported one before trusting
 * it (a suite may define a metric differently).
 */
final class SampleMetrics {
    private SampleMetrics() {
    }

    /** The metric on a subset of rows (with repeats). */
    interface OnRows {
        double compute(int[] rows);
    }

    /** The 0/1 per-sample outcome whose mean is the metric, or null. */
    static int[] indicator(String metric, Columns c) {
        int[] correct = c.ints("correct");
        if (correct == null) {
            return null;
        }
        String m = metric.toLowerCase(Locale.ROOT);
        if (m.endsWith("accuracy")) {
            return correct;
        }
        if (m.equals("error") || m.endsWith("_error")) {
            return Arrays.stream(correct).map(v -> 1 - v).toArray();
        }
        return null;
    }

    static OnRows of(String metric, Columns c) {
        int[] indicator = indicator(metric, c);
        if (indicator != null) {
            return rows -> {
                double s = 0;
                for (int r : rows) {
                    s += indicator[r];
                }
                return s / rows.length;
            };
        }
        double[] score = c.doubles("score");
        int[] ood = c.ints("ood");
        String m = metric.toLowerCase(Locale.ROOT);
        if (score != null && ood != null && (m.equals("fpr_at_95tpr") || m.equals("auroc"))) {
            boolean fpr = m.equals("fpr_at_95tpr");
            return rows -> {
                int np = 0;
                for (int r : rows) {
                    np += ood[r] == 0 ? 1 : 0;
                }
                if (np == 0 || np == rows.length) {
                    return Double.NaN;
                }
                double[] pos = new double[np];
                double[] neg = new double[rows.length - np];
                int i = 0;
                int j = 0;
                for (int r : rows) {
                    if (ood[r] == 0) {
                        pos[i++] = score[r];
                    } else {
                        neg[j++] = score[r];
                    }
                }
                return fpr ? Auroc.fprAtTpr(pos, neg, 0.95) : Auroc.delong(pos, neg, 0.95).value();
            };
        }
        double[] perturbation = c.doubles("perturbation");
        if (perturbation != null && m.startsWith("median_perturbation")) {
            return rows -> {
                double[] v = new double[rows.length];
                for (int k = 0; k < rows.length; k++) {
                    v[k] = perturbation[rows[k]];
                }
                Arrays.sort(v);
                int h = v.length / 2;
                return v.length % 2 == 1 ? v[h] : (v[h - 1] + v[h]) / 2;
            };
        }
        return null;
    }

    static int[] all(int n) {
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = i;
        }
        return rows;
    }
}
