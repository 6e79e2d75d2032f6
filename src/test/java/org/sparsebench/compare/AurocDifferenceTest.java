package org.sparsebench.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.sparsebench.stats.TestResult;

class AurocDifferenceTest {

    @Test
    void pairedVarianceMatchesTheDirectDeLongFormula() {
        // DeLong, DeLong & Clarke-Pearson (1988), eq. for two correlated AUROCs: with structural
        // components V10^r(X_i) = mean_j psi(X_i^r, Y_j^r) and V01^r(Y_j) = mean_i psi(X_i^r, Y_j^r),
        // var(A2 - A1) = (S10_11 + S10_22 - 2 S10_12) / m + (S01_11 + S01_22 - 2 S01_12) / n.
        // Computed here in O(mn) directly, independent of the midrank algorithm; ties on purpose.
        SplittableRandom r = new SplittableRandom(11);
        int m = 40;
        int n = 30;
        double[][] pos = new double[2][m];
        double[][] neg = new double[2][n];
        for (int i = 0; i < m; i++) {
            double common = r.nextDouble() * 10;
            pos[0][i] = Math.round(common + 3) / 1.0;
            pos[1][i] = Math.round(common + r.nextDouble() * 4) / 1.0;
        }
        for (int j = 0; j < n; j++) {
            double common = r.nextDouble() * 10;
            neg[0][j] = Math.round(common) / 1.0;
            neg[1][j] = Math.round(common + r.nextDouble() * 3) / 1.0;
        }
        double[][] v10 = new double[2][m];
        double[][] v01 = new double[2][n];
        double[] auc = new double[2];
        for (int k = 0; k < 2; k++) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double psi = pos[k][i] > neg[k][j] ? 1 : pos[k][i] == neg[k][j] ? 0.5 : 0;
                    v10[k][i] += psi / n;
                    v01[k][j] += psi / m;
                    auc[k] += psi / ((double) m * n);
                }
            }
        }
        double var = (cov(v10[0], v10[0], auc[0], auc[0]) + cov(v10[1], v10[1], auc[1], auc[1])
                - 2 * cov(v10[0], v10[1], auc[0], auc[1])) / m
                + (cov(v01[0], v01[0], auc[0], auc[0]) + cov(v01[1], v01[1], auc[1], auc[1])
                        - 2 * cov(v01[0], v01[1], auc[0], auc[1])) / n;
        TestResult t = AurocDifference.paired(pos[0], neg[0], pos[1], neg[1], 0.95);
        double diff = auc[1] - auc[0];
        double se = Math.sqrt(var);
        assertEquals(diff, t.estimate(), 1e-12);
        assertEquals(diff - 1.959963984540054 * se, t.lower(), 1e-9);
        assertEquals(diff + 1.959963984540054 * se, t.upper(), 1e-9);
        assertEquals(2 * new org.apache.commons.math3.distribution.NormalDistribution().cumulativeProbability(
                -Math.abs(diff) / se), t.pValue(), 1e-9);

        double varUnpaired = cov(v10[0], v10[0], auc[0], auc[0]) / m + cov(v01[0], v01[0], auc[0], auc[0]) / n
                + cov(v10[1], v10[1], auc[1], auc[1]) / m + cov(v01[1], v01[1], auc[1], auc[1]) / n;
        TestResult u = AurocDifference.unpaired(pos[0], neg[0], pos[1], neg[1], 0.95);
        assertEquals(diff + 1.959963984540054 * Math.sqrt(varUnpaired), u.upper(), 1e-9);
    }

    private static double cov(double[] x, double[] y, double mx, double my) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += (x[i] - mx) * (y[i] - my);
        }
        return s / (x.length - 1);
    }
}
