package org.sparsebench.stats;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.sparsebench.api.Metric;

/**
 * DeLong, DeLong &amp; Clarke-Pearson (1988) test for the difference of two correlated AUROCs: two
 * scores (or two models) evaluated on the same positive and negative samples. The covariance of the
 * two Mann–Whitney estimates comes from their structural components (placement values), computed
 * with midranks (Sun &amp; Xu 2014), so ties count one half. Two-sided normal test of
 * {@code AUC₁ = AUC₂}; the interval is the Wald interval of the difference.
 *
 * @param auc1            AUROC of the first score
 * @param auc2            AUROC of the second score
 * @param variance1       DeLong variance of {@code auc1}
 * @param variance2       DeLong variance of {@code auc2}
 * @param covariance      DeLong covariance of the two estimates
 * @param z               {@code (auc1 − auc2) / se}
 * @param pValue          two-sided p-value (1 when the difference and its variance are both 0)
 * @param level           confidence level of {@code [lower, upper]}
 * @param lower           lower end of the interval of {@code auc1 − auc2}
 * @param upper           upper end
 * @param positives       number of positive samples
 * @param negatives       number of negative samples
 */
public record DeLongComparison(double auc1, double auc2, double variance1, double variance2, double covariance,
        double z, double pValue, double level, double lower, double upper, int positives, int negatives) {

    public static final String METHOD = "delong-paired";

    /**
     * Compares score 1 ({@code pos1}, {@code neg1}) with score 2 ({@code pos2}, {@code neg2}); entry i of
     * {@code pos1} and {@code pos2} (and of the negatives) must belong to the same sample.
     */
    public static DeLongComparison compare(double[] pos1, double[] neg1, double[] pos2, double[] neg2, double level) {
        int m = pos1.length;
        int n = neg1.length;
        if (pos2.length != m || neg2.length != n) {
            throw new IllegalArgumentException("paired scores need the same samples: " + m + "/" + n + " vs "
                    + pos2.length + "/" + neg2.length);
        }
        if (m < 2 || n < 2) {
            throw new IllegalArgumentException("DeLong's test needs at least 2 positives and 2 negatives, got " + m
                    + " and " + n);
        }
        double[][] v10 = new double[2][];
        double[][] v01 = new double[2][];
        double[] auc = new double[2];
        placements(pos1, neg1, 0, v10, v01, auc);
        placements(pos2, neg2, 1, v10, v01, auc);
        double s10aa = covariance(v10[0], v10[0], auc[0], auc[0]);
        double s10bb = covariance(v10[1], v10[1], auc[1], auc[1]);
        double s10ab = covariance(v10[0], v10[1], auc[0], auc[1]);
        double s01aa = covariance(v01[0], v01[0], auc[0], auc[0]);
        double s01bb = covariance(v01[1], v01[1], auc[1], auc[1]);
        double s01ab = covariance(v01[0], v01[1], auc[0], auc[1]);
        double var1 = s10aa / m + s01aa / n;
        double var2 = s10bb / m + s01bb / n;
        double cov = s10ab / m + s01ab / n;
        double varDiff = Math.max(0, var1 + var2 - 2 * cov);
        double diff = auc[0] - auc[1];
        double se = Math.sqrt(varDiff);
        NormalDistribution normal = new NormalDistribution();
        double z;
        double p;
        if (se == 0) {
            z = diff == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, diff);
            p = diff == 0 ? 1 : 0;
        } else {
            z = diff / se;
            p = 2 * normal.cumulativeProbability(-Math.abs(z));
        }
        double half = normal.inverseCumulativeProbability(0.5 + level / 2) * se;
        return new DeLongComparison(auc[0], auc[1], var1, var2, cov, z, p, level, diff - half, diff + half, m, n);
    }

    /** {@code auc1 − auc2}. */
    public double difference() {
        return auc1 - auc2;
    }

    /** Standard error of the difference. */
    public double standardError() {
        return Math.sqrt(Math.max(0, variance1 + variance2 - 2 * covariance));
    }

    /** The difference as a metric with its interval. */
    public Metric differenceMetric() {
        return new Metric(difference(), lower, upper, level, METHOD, (long) positives + negatives);
    }

    /** The two-sided p-value as a point metric. */
    public Metric pValueMetric() {
        return Metric.point(pValue, (long) positives + negatives);
    }

    /** Structural components V10 (per positive) and V01 (per negative) and the AUROC of one score. */
    private static void placements(double[] pos, double[] neg, int k, double[][] v10, double[][] v01, double[] auc) {
        int m = pos.length;
        int n = neg.length;
        double[] all = new double[m + n];
        System.arraycopy(pos, 0, all, 0, m);
        System.arraycopy(neg, 0, all, m, n);
        double[] rAll = Auroc.midranks(all);
        double[] rPos = Auroc.midranks(pos);
        double[] rNeg = Auroc.midranks(neg);
        v10[k] = new double[m];
        v01[k] = new double[n];
        double sum = 0;
        for (int i = 0; i < m; i++) {
            // Negatives below positive i (ties one half): its rank among all minus its rank among positives.
            v10[k][i] = (rAll[i] - rPos[i]) / n;
            sum += rAll[i];
        }
        for (int j = 0; j < n; j++) {
            v01[k][j] = 1.0 - (rAll[m + j] - rNeg[j]) / m;
        }
        auc[k] = (sum - m * (m + 1) / 2.0) / ((double) m * n);
    }

    private static double covariance(double[] a, double[] b, double meanA, double meanB) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - meanA) * (b[i] - meanB);
        }
        return s / (a.length - 1);
    }
}
