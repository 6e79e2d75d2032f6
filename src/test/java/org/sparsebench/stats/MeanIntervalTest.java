package org.sparsebench.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sparsebench.api.Metric;

class MeanIntervalTest {

    @Test
    void normalIntervalIsMeanPlusMinusZTimesStandardError() {
        // values 0.2, 0.4, 0.6: mean 0.4, s² = (0.04 + 0 + 0.04) / 2 = 0.04, s/√n = 0.2/√3 = 0.11547;
        // z_{0.975} = 1.959964 (standard normal table) → half-width 0.226317.
        Metric m = MeanInterval.normal(new double[] {0.2, 0.4, 0.6}, 0.95, 0, 1);
        assertEquals(0.4, m.value(), 1e-12);
        assertEquals(0.4 - 0.226317, m.lower(), 1e-6);
        assertEquals(0.4 + 0.226317, m.upper(), 1e-6);
        assertEquals("normal-mean", m.method());
        assertEquals(3, m.n());
    }

    @Test
    void clipsToTheRangeAndHasNoIntervalBelowTwoValues() {
        // 0, 1, 0, 1: mean 0.5, s = √(1/3), half-width 1.959964·√(1/12) = 0.565786 → clipped to [0, 1].
        Metric m = MeanInterval.normal(new double[] {0, 1, 0, 1}, 0.95, 0, 1);
        assertEquals(0.0, m.lower());
        assertEquals(1.0, m.upper());
        Metric one = MeanInterval.normal(new double[] {0.3}, 0.95, 0, 1);
        assertEquals(0.3, one.value());
        assertTrue(!one.hasInterval());
        assertTrue(Double.isNaN(MeanInterval.normal(new double[0], 0.95, 0, 1).value()));
    }
}
