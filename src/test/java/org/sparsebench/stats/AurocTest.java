package org.sparsebench.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.sparsebench.api.Metric;

class AurocTest {

    @Test
    void smallCaseByHand() {
        // Pairs (pos > neg): 1>0.5; 2>0.5, 2>1.5; 3>0.5, 3>1.5 -> 5 of 6.
        Metric m = Auroc.delong(new double[] {1, 2, 3}, new double[] {0.5, 1.5}, 0.95);
        assertEquals(5.0 / 6, m.value(), 1e-12);
    }

    @Test
    void tiesCountHalf() {
        Metric m = Auroc.delong(new double[] {1, 1}, new double[] {1, 1}, 0.95);
        assertEquals(0.5, m.value(), 1e-12);
    }

    @Test
    void delongVarianceMatchesTheDirectStructuralComponents() {
        // DeLong, DeLong & Clarke-Pearson (1988): V10(X_i) = mean_j psi(X_i, Y_j), V01(Y_j) = mean_i psi(X_i, Y_j),
        // var = S10/m + S01/n. Computed here in O(mn) directly, independent of the midrank algorithm.
        SplittableRandom r = new SplittableRandom(7);
        int m = 60;
        int n = 45;
        double[] pos = new double[m];
        double[] neg = new double[n];
        for (int i = 0; i < m; i++) {
            pos[i] = Math.round(r.nextDouble() * 20 + 4) / 2.0; // ties on purpose
        }
        for (int j = 0; j < n; j++) {
            neg[j] = Math.round(r.nextDouble() * 20) / 2.0;
        }
        double[] v10 = new double[m];
        double[] v01 = new double[n];
        double auc = 0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double psi = pos[i] > neg[j] ? 1 : pos[i] == neg[j] ? 0.5 : 0;
                v10[i] += psi / n;
                v01[j] += psi / m;
                auc += psi / (m * (double) n);
            }
        }
        double s10 = 0;
        double s01 = 0;
        for (double v : v10) {
            s10 += (v - auc) * (v - auc) / (m - 1);
        }
        for (double v : v01) {
            s01 += (v - auc) * (v - auc) / (n - 1);
        }
        double se = Math.sqrt(s10 / m + s01 / n);
        Metric got = Auroc.delong(pos, neg, 0.95);
        assertEquals(auc, got.value(), 1e-12);
        assertEquals(Math.max(0, auc - 1.959963984540054 * se), got.lower(), 1e-9);
        assertEquals(Math.min(1, auc + 1.959963984540054 * se), got.upper(), 1e-9);
        assertTrue(got.lower() < got.value() && got.value() < got.upper());
    }

    @Test
    void fprAtTprCountsNegativesAboveTheThreshold() {
        // 20 positives 1..20: keeping 95% (19) puts the threshold at 2; negatives >= 2 are 2, 3 -> 2 of 4.
        double[] pos = new double[20];
        for (int i = 0; i < 20; i++) {
            pos[i] = i + 1;
        }
        assertEquals(0.5, Auroc.fprAtTpr(pos, new double[] {0, 1, 2, 3}, 0.95), 1e-12);
    }
}
