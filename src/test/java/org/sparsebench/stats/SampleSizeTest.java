package org.sparsebench.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SampleSizeTest {

    @Test
    void unpairedMatchesRPowerPropTest() {
        // R documentation of power.prop.test: power.prop.test(p1 = .50, p2 = .75, power = .90) => n = 76.7.
        assertEquals(76.7, SampleSize.twoProportionsExact(0.50, 0.75, 0.05, 0.90), 0.05);
        assertEquals(77, SampleSize.twoProportions(0.50, 0.75, 0.05, 0.90));
    }

    @Test
    void mcnemarByHandFromConnor1987() {
        // delta = 0.1, psi = 0.2, alpha = 0.05, power = 0.8:
        // (1.959964 * sqrt(0.2) + 0.841621 * sqrt(0.19))^2 / 0.01 = (0.876523 + 0.366855)^2 / 0.01 = 154.6 -> 155.
        assertEquals(155, SampleSize.mcnemar(0.1, 0.2, 0.05, 0.8));
    }

    @Test
    void simulationConfirmsTheMcNemarSizeAndIsSeeded() {
        // At Connor's n the exact test should reach about the nominal power (slightly less: it is
        // conservative, and Connor's formula is asymptotic). 4000 trials: Monte Carlo SE ~ 0.006.
        long n = SampleSize.mcnemar(0.1, 0.2, 0.05, 0.8);
        double power = SampleSize.simulatedMcNemarPower(n, 0.1, 0.2, 0.05, 4000, 42);
        assertEquals(0.8, power, 0.05);
        assertEquals(power, SampleSize.simulatedMcNemarPower(n, 0.1, 0.2, 0.05, 4000, 42));
        // Under H0 (delta = 0) the exact test's rejection rate stays at or below alpha (+ MC error).
        double size = SampleSize.simulatedMcNemarPower(n, 0.0, 0.2, 0.05, 4000, 7);
        assertEquals(0.035, size, 0.025);
    }

    @Test
    void independentErrorsGiveTheDiscordanceOfTwoIndependentCoins() {
        assertEquals(0.9 * 0.12 + 0.88 * 0.1, SampleSize.independentDiscordance(0.9, 0.88), 1e-12);
    }
}
