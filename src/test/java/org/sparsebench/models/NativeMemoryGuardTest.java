package org.sparsebench.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.sparsebench.api.ConfigException;

class NativeMemoryGuardTest {
    private static final long MB = 1L << 20;

    /** A scripted process: resident size and clock set by the test; a collection takes 10 ns. */
    private static final class Fake {
        final AtomicLong resident = new AtomicLong();
        final AtomicLong clock = new AtomicLong();
        final AtomicInteger collected = new AtomicInteger();

        NativeMemoryGuard guard(long budget) {
            return new NativeMemoryGuard(budget, resident::get, () -> {
                collected.incrementAndGet();
                clock.addAndGet(10);
            }, clock::get);
        }
    }

    @Test
    void collectsOnlyAboveTheBasePlusTheBudget() {
        Fake f = new Fake();
        NativeMemoryGuard g = f.guard(100 * MB);
        f.resident.set(500 * MB);
        g.check(); // the base: threshold 600 MB
        f.resident.set(600 * MB);
        g.check();
        assertEquals(0, f.collected.get(), "at the threshold: no collection");
        f.resident.set(601 * MB);
        g.check();
        assertEquals(1, f.collected.get());
        // The collection worked (550 MB <= 600 MB): the threshold stays where it was, it does not
        // follow the footprint (no creep with the run's length); 601 MB collects again after the spacing.
        f.clock.addAndGet(NativeMemoryGuard.SPACING * 10);
        f.resident.set(550 * MB);
        g.check();
        assertEquals(1, f.collected.get());
        f.resident.set(601 * MB);
        g.check();
        assertEquals(2, f.collected.get());
        assertEquals(2, g.collections());
        assertEquals(20, g.nanos(), "two collections of 10 ns");
    }

    @Test
    void liveMemoryAboveTheThresholdCollectsAtMostOncePerSpacing() {
        // 700 MB live against a 600 MB threshold: the threshold stays (no creep), and collections
        // come no more often than SPACING times their 10 ns duration.
        Fake f = new Fake();
        NativeMemoryGuard g = f.guard(100 * MB);
        f.resident.set(500 * MB);
        g.check();
        f.resident.set(700 * MB);
        for (int i = 0; i < 5 * NativeMemoryGuard.SPACING * 10; i++) {
            g.check();
            f.clock.incrementAndGet();
        }
        // 5 * SPACING * 10 ns plus the collections' own 10 ns each: one collection per SPACING * 10 + 10 ns
        assertEquals(5, f.collected.get());
    }

    @Test
    void collectionsAreSpacedBySpacingTimesTheirDuration() {
        Fake f = new Fake();
        NativeMemoryGuard g = f.guard(MB);
        f.resident.set(0);
        g.check(); // threshold 1 MB
        f.resident.set(2 * MB);
        g.check(); // collects, took 10 ns: the next one may start SPACING * 10 ns later
        f.clock.addAndGet(NativeMemoryGuard.SPACING * 10 - 1);
        g.check();
        assertEquals(1, f.collected.get(), "1 ns before the spacing has passed");
        f.clock.addAndGet(1);
        g.check();
        assertEquals(2, f.collected.get());
    }

    @Test
    void aNewModelCollectsThePreviousOnesBuffersAndReBases() {
        Fake f = new Fake();
        NativeMemoryGuard g = f.guard(100 * MB);
        g.newModel(); // the first model: nothing to release
        assertEquals(0, f.collected.get());
        f.resident.set(500 * MB);
        g.check(); // threshold 600 MB
        g.newModel(); // the second model: one collection
        assertEquals(1, f.collected.get());
        f.resident.set(900 * MB); // the bigger model's first call: its base (threshold 1000 MB)
        g.check();
        f.resident.set(950 * MB);
        g.check();
        assertEquals(1, f.collected.get());
    }

    @Test
    void budgetZeroNeverCollects() {
        Fake f = new Fake();
        NativeMemoryGuard g = f.guard(0);
        for (long r : new long[] {0, 1L << 40, 1L << 50}) {
            f.resident.set(r);
            g.check();
        }
        assertEquals(0, f.collected.get());
    }

    @Test
    void parsesSizes() {
        assertEquals(1L << 30, NativeMemoryGuard.parseBytes("1g"));
        assertEquals(512 * MB, NativeMemoryGuard.parseBytes("512M"));
        assertEquals(4096, NativeMemoryGuard.parseBytes("4k"));
        assertEquals(12345, NativeMemoryGuard.parseBytes("12345"));
        assertEquals(0, NativeMemoryGuard.parseBytes("0"));
        for (String bad : new String[] {"", "g", "-1g", "1.5g", "1t", "99999999999g"}) {
            assertThrows(ConfigException.class, () -> NativeMemoryGuard.parseBytes(bad), bad);
        }
    }

}
