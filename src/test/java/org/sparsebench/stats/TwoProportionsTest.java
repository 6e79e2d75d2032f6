package org.sparsebench.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TwoProportionsTest {

    @Test
    void newcombeHybridScoreMatchesPublishedExamples() {
        // Newcombe (1998), Stat. Med. 17:873, Table II, method 10: 56/70 - 48/80 -> 0.0524 to 0.3339;
        // 9/10 - 3/10 -> 0.1705 to 0.8090. Fagerland, Lydersen & Laake (2017), ch. 4, Perondi et al.:
        // 7/34 - 1/34 -> 0.1765 (0.0189 to 0.3404). TestResult reports second - first.
        TestResult a = TwoProportions.compare(48, 80, 56, 70, 0.95);
        assertEquals(0.2, a.estimate(), 1e-12);
        assertEquals(0.0524, a.lower(), 5e-5);
        assertEquals(0.3339, a.upper(), 5e-5);
        TestResult b = TwoProportions.compare(3, 10, 9, 10, 0.95);
        assertEquals(0.1705, b.lower(), 5e-5);
        assertEquals(0.8090, b.upper(), 5e-5);
        TestResult c = TwoProportions.compare(1, 34, 7, 34, 0.95);
        assertEquals(0.0189, c.lower(), 5e-5);
        assertEquals(0.3404, c.upper(), 5e-5);
    }

    @Test
    void zTestEqualsPearsonChiSquared() {
        // Table [[3, 1], [1, 3]]: Pearson chi-squared T = 2.000, P = 0.15730 (Fagerland et al. 2017,
        // ch. 4; by hand: pooled p = 1/2, z = 0.5 / sqrt(1/4 * (1/4 + 1/4)) = sqrt 2, z^2 = 2).
        TestResult r = TwoProportions.compare(1, 4, 3, 4, 0.95);
        assertEquals(0.15730, r.pValue(), 5e-6);
        assertEquals(1.0, TwoProportions.compare(3, 10, 3, 10, 0.95).pValue(), 1e-12);
    }
}
