package org.sparsebench.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.sparsebench.api.Metric;

class ProportionIntervalTest {

    @Test
    void wilsonMatchesNewcombe1998() {
        // Newcombe (1998), Stat. Med. 17:857, Table I example: 81/263 -> Wilson score 0.2553 to 0.3662.
        Metric m = ProportionInterval.wilson(81, 263, 0.95);
        assertEquals(81.0 / 263, m.value(), 1e-12);
        assertEquals(0.2553, m.lower(), 5e-5);
        assertEquals(0.3662, m.upper(), 5e-5);
        assertEquals("wilson", m.method());
        assertEquals(263, m.n());
    }

    @Test
    void wilsonMatchesClosedFormAtTheBoundary() {
        // Closed form for x = n: lower = n / (n + z²), upper = 1 (z = 1.959964 for 95%).
        double z = 1.959963984540054;
        Metric m = ProportionInterval.wilson(20, 20, 0.95);
        assertEquals(20 / (20 + z * z), m.lower(), 1e-9);
        assertEquals(1.0, m.upper(), 1e-12);
        Metric zero = ProportionInterval.wilson(0, 20, 0.95);
        assertEquals(0.0, zero.lower(), 1e-12);
        assertEquals(z * z / (20 + z * z), zero.upper(), 1e-9);
    }
}
