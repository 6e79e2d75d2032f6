package org.sparsebench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * {@link Interleaved} on a scripted clock: each step advances the clock by a set number of nanoseconds, so the
 * ratio, the steps of b per round and the medians are exact (no timing on the real machine).
 */
class InterleavedTest {
    /** A clock the steps advance. */
    private static final class Clock {
        long now;
    }

    @Test
    void ratioOfScriptedStepTimesIsExact() {
        Clock c = new Clock();
        // a costs 3 µs, b 1 µs: k = 3 steps of b per round, ratio 3 in every round
        Interleaved r = Interleaved.measure(() -> c.now += 3_000, () -> c.now += 1_000, 0, 7, () -> c.now);
        assertEquals(3.0, r.ratio(), 1e-12);
        assertEquals(3, r.bPerRound());
        assertEquals(7, r.rounds());
        assertEquals(0.003, r.aMillis(), 1e-12);
        assertEquals(0.001, r.bMillis(), 1e-12);
    }

    @Test
    void aBurstInOneRoundDoesNotMoveTheMedian() {
        Clock c = new Clock();
        int[] calls = {0};
        // the 20th step of b (in the timed rounds) is hit by a 1 ms stall: that round's ratio falls, the median does not
        Runnable b = () -> c.now += ++calls[0] == 20 ? 1_000_000 : 2_000;
        Interleaved r = Interleaved.measure(() -> c.now += 10_000, b, 0, 9, () -> c.now);
        assertEquals(5, r.bPerRound());
        assertEquals(5.0, r.ratio(), 1e-12);
        assertEquals(9, r.rounds());
    }

    @Test
    void runsUntilTheTimeIsUp() {
        Clock c = new Clock();
        // 1 s budget, rounds of 2 ms (a 1 ms + b 1 ms): about 500 rounds, at least the minimum
        Interleaved r = Interleaved.measure(() -> c.now += 1_000_000, () -> c.now += 1_000_000, 1.0, 5, () -> c.now);
        assertEquals(500, r.rounds(), 1);
        assertEquals(1.0, r.ratio(), 1e-12);
    }

    @Test
    void medianOfOddAndEvenCounts() {
        assertEquals(2.0, Interleaved.median(new double[] {3, 1, 2, 99}, 3), 0);
        assertEquals(2.5, Interleaved.median(new double[] {4, 1, 3, 2}, 4), 0);
    }

    @Test
    void badArguments() {
        assertThrows(IllegalArgumentException.class, () -> Interleaved.measure(() -> { }, () -> { }, -1, 5, System::nanoTime));
        assertThrows(IllegalArgumentException.class, () -> Interleaved.measure(() -> { }, () -> { }, 1, 0, System::nanoTime));
    }
}
