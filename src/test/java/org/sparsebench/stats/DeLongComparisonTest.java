package org.sparsebench.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;
import org.sparsebench.api.Metric;

class DeLongComparisonTest {

    /**
     * Worked by hand from DeLong et al. (1988), eqs. for V10, V01, S10, S01:
     * A: positives {0.9, 0.6, 0.4}, negatives {0.7, 0.1}: V10 = (1, ½, ½), V01 = (⅓, 1), AUC 2/3.
     * B: positives {0.5, 0.5, 0.9}, negatives {0.5, 0.3}: V10 = (¾, ¾, 1), V01 = (⅔, 1), AUC 5/6.
     * S10 = [[1/12, −1/48], [−1/48, 1/48]] (÷ m−1 = 2), S01 = [[2/9, 1/9], [1/9, 1/18]] (÷ n−1 = 1).
     * var A = 1/36 + 1/9 = 5/36, var B = 1/144 + 1/36 = 5/144, cov = −1/144 + 1/18 = 7/144,
     * var(A − B) = 11/144, z = (−1/6)/(√11/12) = −2/√11, p = erfc(√(2/11)) = 0.546493595406582
     * (Python's math.erfc).
     */
    @Test
    void handWorkedExample() {
        DeLongComparison d = DeLongComparison.compare(new double[] {0.9, 0.6, 0.4}, new double[] {0.7, 0.1},
                new double[] {0.5, 0.5, 0.9}, new double[] {0.5, 0.3}, 0.95);
        assertEquals(2.0 / 3, d.auc1(), 1e-15);
        assertEquals(5.0 / 6, d.auc2(), 1e-15);
        assertEquals(5.0 / 36, d.variance1(), 1e-12);
        assertEquals(5.0 / 144, d.variance2(), 1e-12);
        assertEquals(7.0 / 144, d.covariance(), 1e-12);
        assertEquals(Math.sqrt(11.0 / 144), d.standardError(), 1e-12);
        assertEquals(-2 / Math.sqrt(11), d.z(), 1e-12);
        assertEquals(0.546493595406582, d.pValue(), 1e-9);
        double half = 1.959963984540054 * Math.sqrt(11.0 / 144);
        assertEquals(-1.0 / 6 - half, d.lower(), 1e-9);
        assertEquals(-1.0 / 6 + half, d.upper(), 1e-9);
        // The single-AUC variance agrees with Auroc's DeLong interval (level 0.5: z = 0.6744897501960817,
        // narrow enough not to be clamped at 0 or 1).
        Metric a = Auroc.delong(new double[] {0.9, 0.6, 0.4}, new double[] {0.7, 0.1}, 0.5);
        assertEquals(0.6744897501960817 * Math.sqrt(5.0 / 36), a.value() - a.lower(), 1e-9);
    }

    /** An independent O(m·n) implementation from the definitions, on random scores with many ties. */
    @Test
    void matchesBruteForcePlacementValues() {
        SplittableRandom r = new SplittableRandom(17);
        int m = 40;
        int n = 33;
        double[] p1 = new double[m];
        double[] p2 = new double[m];
        double[] n1 = new double[n];
        double[] n2 = new double[n];
        for (int i = 0; i < m; i++) {
            p1[i] = r.nextInt(8) + 2;
            p2[i] = p1[i] + r.nextInt(5) - 2; // correlated with score 1
        }
        for (int j = 0; j < n; j++) {
            n1[j] = r.nextInt(8);
            n2[j] = n1[j] + r.nextInt(5) - 2;
        }
        double[][] v10 = new double[2][m];
        double[][] v01 = new double[2][n];
        double[] auc = new double[2];
        double[][][] s = {{p1, n1}, {p2, n2}};
        for (int k = 0; k < 2; k++) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double psi = s[k][0][i] > s[k][1][j] ? 1 : s[k][0][i] == s[k][1][j] ? 0.5 : 0;
                    v10[k][i] += psi / n;
                    v01[k][j] += psi / m;
                    auc[k] += psi / (m * (double) n);
                }
            }
        }
        double[][] s10 = new double[2][2];
        double[][] s01 = new double[2][2];
        for (int a = 0; a < 2; a++) {
            for (int b = 0; b < 2; b++) {
                for (int i = 0; i < m; i++) {
                    s10[a][b] += (v10[a][i] - auc[a]) * (v10[b][i] - auc[b]) / (m - 1);
                }
                for (int j = 0; j < n; j++) {
                    s01[a][b] += (v01[a][j] - auc[a]) * (v01[b][j] - auc[b]) / (n - 1);
                }
            }
        }
        double var = (s10[0][0] + s10[1][1] - 2 * s10[0][1]) / m + (s01[0][0] + s01[1][1] - 2 * s01[0][1]) / n;
        double z = (auc[0] - auc[1]) / Math.sqrt(var);
        double p = 2 * (1 - new NormalDistribution().cumulativeProbability(Math.abs(z)));

        DeLongComparison d = DeLongComparison.compare(p1, n1, p2, n2, 0.95);
        assertEquals(auc[0], d.auc1(), 1e-12);
        assertEquals(auc[1], d.auc2(), 1e-12);
        assertEquals(s10[0][1] / m + s01[0][1] / n, d.covariance(), 1e-12);
        assertEquals(var, d.standardError() * d.standardError(), 1e-12);
        assertEquals(z, d.z(), 1e-9);
        assertEquals(p, d.pValue(), 1e-9);
        assertTrue(d.lower() < d.difference() && d.difference() < d.upper());
    }

    @Test
    void identicalScoresHaveZeroDifferenceAndPValueOne() {
        double[] pos = {0.9, 0.4, 0.7};
        double[] neg = {0.2, 0.5};
        DeLongComparison d = DeLongComparison.compare(pos, neg, pos, neg, 0.95);
        assertEquals(0, d.difference(), 0);
        assertEquals(1, d.pValue(), 0);
    }
}
