package org.sparsebench.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class McNemarTest {

    @Test
    void exactPByHand() {
        // b = 2, c = 10: under H0 X ~ Bin(12, 1/2). P(X <= 2) = (1 + 12 + 66) / 4096 = 79/4096,
        // exact p = 2 * 79/4096; mid-p = 2 * (79 - 66/2) / 4096 = 92/4096.
        assertEquals(158.0 / 4096, McNemar.exactP(2, 10, false), 1e-15);
        assertEquals(92.0 / 4096, McNemar.exactP(2, 10, true), 1e-15);
        assertEquals(158.0 / 4096, McNemar.exactP(10, 2, false), 1e-15, "symmetric in b and c");
    }

    @Test
    void matchesFagerlandEtAl2013Examples() {
        // Fagerland, Lydersen & Laake (2013), BMC Med. Res. Methodol. 13:91, Table 1 and 2:
        // Bentur et al. (b = 1, c = 7): exact conditional p = 0.070, mid-p = 0.039.
        // Cavo et al. (b = 6, c = 16): exact p = 0.052, mid-p = 0.035.
        // Checked by hand: P(Bin(8,1/2) <= 1) = 9/256; P(Bin(22,1/2) <= 6) = 110056 / 2^22,
        // P(X = 6) = 74613 / 2^22.
        assertEquals(18.0 / 256, McNemar.exactP(1, 7, false), 1e-15);
        assertEquals(10.0 / 256, McNemar.exactP(1, 7, true), 1e-15);
        assertEquals(0.070, McNemar.exactP(1, 7, false), 5e-4);
        assertEquals(0.039, McNemar.exactP(1, 7, true), 5e-4);
        assertEquals(2 * 110056.0 / 4194304, McNemar.exactP(6, 16, false), 1e-14);
        assertEquals(2 * (110056 - 74613 / 2.0) / 4194304, McNemar.exactP(6, 16, true), 1e-14);
        assertEquals(0.052, McNemar.exactP(6, 16, false), 5e-4);
        assertEquals(0.035, McNemar.exactP(6, 16, true), 5e-4);
    }

    @Test
    void balancedOrNoDiscordancePairsGiveP1() {
        assertEquals(1.0, McNemar.exactP(0, 0, false));
        assertEquals(1.0, McNemar.exactP(5, 5, false));
    }

    @Test
    void pairedIntervalMatchesNewcombeSquareAndAdd() {
        // Cavo et al. (2012) table [[59, 6], [16, 80]] as analysed in Fagerland, Lydersen & Laake,
        // "Statistical Analysis of Contingency Tables" (2017), ch. 8, Newcombe square-and-add:
        // p1 - p2 = -0.0621 (95% CI -0.1186 to -0.0046). TestResult reports second - first, so the
        // signs flip: 0.0621 (0.0046 to 0.1186).
        TestResult r = McNemar.compare(59, 6, 16, 80, 0.95, false);
        assertEquals(10.0 / 161, r.estimate(), 1e-12);
        assertEquals(0.0046, r.lower(), 5e-5);
        assertEquals(0.1186, r.upper(), 5e-5);
        assertEquals(2 * 110056.0 / 4194304, r.pValue(), 1e-14);
        assertEquals("mcnemar-exact", r.method());
        assertEquals(161, r.n());
    }

    @Test
    void vectorsAreCountedIntoTheTable() {
        int[] first = {1, 1, 1, 0, 0, 1, 0};
        int[] second = {1, 0, 0, 1, 0, 1, 0};
        // a = 2 (idx 0, 5), b = 2 (1, 2), c = 1 (3), d = 2 (4, 6)
        TestResult r = McNemar.compare(first, second, 0.95, true);
        TestResult t = McNemar.compare(2, 2, 1, 2, 0.95, true);
        assertEquals(t, r);
        assertEquals(-1.0 / 7, r.estimate(), 1e-12);
        assertTrue(r.lower() < r.estimate() && r.estimate() < r.upper());
    }
}
