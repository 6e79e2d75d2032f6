package org.sparsebench.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MultipleComparisonsTest {
    // Benjamini & Hochberg (1995), J. R. Stat. Soc. B 57:289, section 4.2: 15 p-values of a
    // myocardial-infarction study. At q = 0.05 their procedure rejects the 4 smallest; Bonferroni
    // (and Holm) reject 3.
    static final double[] BH1995 = {0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459,
        0.3240, 0.4262, 0.5719, 0.6528, 0.7590, 1.000};

    @Test
    void benjaminiHochbergRejectsFourOfThePaper() {
        double[] adj = MultipleComparisons.benjaminiHochberg(BH1995);
        assertEquals(4, Arrays.stream(adj).filter(p -> p <= 0.05).count());
        // By hand: adj_(i) = min over j >= i of p_(j) * 15 / j. adj_(4) = 0.0095 * 15/4 = 0.035625;
        // adj_(6) = min(0.0278 * 15/6, 0.0298 * 15/7, ...) = 0.0298 * 15/7; adj_(1) = 0.0015.
        assertEquals(0.0015, adj[0], 1e-12);
        assertEquals(0.035625, adj[3], 1e-12);
        assertEquals(0.0298 * 15 / 7, adj[5], 1e-12);
        assertEquals(0.0298 * 15 / 7, adj[6], 1e-12);
        assertEquals(1.0, adj[14], 1e-12);
    }

    @Test
    void holmRejectsThreeOfThePaper() {
        double[] adj = MultipleComparisons.holm(BH1995);
        assertEquals(3, Arrays.stream(adj).filter(p -> p <= 0.05).count());
        // By hand: adj_(i) = max over j <= i of (15 - j + 1) p_(j): 0.0015, 0.0056, 0.0247, 0.114.
        assertEquals(0.0015, adj[0], 1e-12);
        assertEquals(0.0056, adj[1], 1e-12);
        assertEquals(0.0247, adj[2], 1e-12);
        assertEquals(0.114, adj[3], 1e-12);
        assertEquals(1.0, adj[14], 1e-12);
    }

    @Test
    void resultsComeBackInInputOrderAndNaNIsSkipped() {
        // Holm on {0.04, NaN, 0.01, 0.03}: family of 3; sorted 0.01*3 = 0.03, 0.03*2 = 0.06, 0.04*1 -> max 0.06.
        double[] adj = MultipleComparisons.holm(new double[] {0.04, Double.NaN, 0.01, 0.03});
        assertArrayEquals(new double[] {0.06, Double.NaN, 0.03, 0.06}, adj, 1e-12);
        double[] bh = MultipleComparisons.benjaminiHochberg(new double[] {0.04, Double.NaN, 0.01, 0.03});
        // BH: 0.01*3/1 = 0.03, 0.03*3/2 = 0.045, 0.04*3/3 = 0.04 -> monotone from top: 0.03, 0.04, 0.04.
        assertArrayEquals(new double[] {0.04, Double.NaN, 0.03, 0.04}, bh, 1e-12);
        assertTrue(Double.isNaN(MultipleComparisons.Correction.NONE.adjust(new double[] {Double.NaN})[0]));
    }
}
