package org.sparsebench.compare;

import java.util.Arrays;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.sparsebench.stats.Auroc;
import org.sparsebench.stats.TestResult;

/**
 * The difference of two AUROCs (second − first) with DeLong, DeLong &amp; Clarke-Pearson's (1988,
 * Biometrics 44:837) variance: paired when both scores are on the same positives and negatives
 * (the covariance of the two AUROCs' structural components enters), unpaired otherwise. Structural
 * components by the midrank algorithm of Sun &amp; Xu (2014). Positives are the in-distribution
 * samples, as in {@code stats.Auroc}.
 */
final class AurocDifference {
    private AurocDifference() {
    }

    /** Same samples: {@code posB[i]} scores the same sample as {@code posA[i]}, likewise negatives. */
    static TestResult paired(double[] posA, double[] negA, double[] posB, double[] negB, double level) {
        Components a = components(posA, negA);
        Components b = components(posB, negB);
        int m = posA.length;
        int n = negA.length;
        double var = (cov(a.v10, a.v10) + cov(b.v10, b.v10) - 2 * cov(a.v10, b.v10)) / m
                + (cov(a.v01, a.v01) + cov(b.v01, b.v01) - 2 * cov(a.v01, b.v01)) / n;
        return result(b.auc - a.auc, var, level, "delong-paired", m + n);
    }

    /** Different samples: the two AUROCs are independent, their variances add. */
    static TestResult unpaired(double[] posA, double[] negA, double[] posB, double[] negB, double level) {
        Components a = components(posA, negA);
        Components b = components(posB, negB);
        double var = cov(a.v10, a.v10) / posA.length + cov(a.v01, a.v01) / negA.length
                + cov(b.v10, b.v10) / posB.length + cov(b.v01, b.v01) / negB.length;
        return result(b.auc - a.auc, var, level, "delong-unpaired",
                posA.length + negA.length + posB.length + negB.length);
    }

    private static TestResult result(double diff, double var, double level, String method, long n) {
        NormalDistribution z = new NormalDistribution(null, 0, 1);
        double se = Math.sqrt(Math.max(var, 0));
        double half = z.inverseCumulativeProbability(0.5 + level / 2) * se;
        double p = se == 0 ? (diff == 0 ? 1 : 0) : Math.min(1, 2 * z.cumulativeProbability(-Math.abs(diff) / se));
        return new TestResult(diff, Math.max(-1, diff - half), Math.min(1, diff + half), level, p, method, n);
    }

    record Components(double auc, double[] v10, double[] v01) {
    }

    static Components components(double[] pos, double[] neg) {
        int m = pos.length;
        int n = neg.length;
        if (m < 2 || n < 2) {
            throw new IllegalArgumentException("AUROC comparison needs at least 2 positives and 2 negatives");
        }
        double[] all = new double[m + n];
        System.arraycopy(pos, 0, all, 0, m);
        System.arraycopy(neg, 0, all, m, n);
        double[] rAll = Auroc.midranks(all);
        double[] rPos = Auroc.midranks(pos);
        double[] rNeg = Auroc.midranks(neg);
        double[] v10 = new double[m];
        double sum = 0;
        for (int i = 0; i < m; i++) {
            v10[i] = (rAll[i] - rPos[i]) / n;
            sum += v10[i];
        }
        double[] v01 = new double[n];
        for (int j = 0; j < n; j++) {
            v01[j] = 1.0 - (rAll[m + j] - rNeg[j]) / m;
        }
        return new Components(sum / m, v10, v01);
    }

    private static double cov(double[] x, double[] y) {
        double mx = Arrays.stream(x).average().orElse(0);
        double my = Arrays.stream(y).average().orElse(0);
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += (x[i] - mx) * (y[i] - my);
        }
        return s / (x.length - 1);
    }

}
