package org.sparsebench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.sparsebench.api.ConfigException;

/** The plan's side-by-side model checks: outcomes in id order, all or nothing, the loop's exception. */
class ModelChecksTest {

    @Test
    void outcomesComeInTheOrderOfTheIdsWhateverOrderTheyFinishIn() {
        // "a" finishes last (it sleeps), yet comes first.
        List<String> out = ModelChecks.inOrder(List.of("a", "b", "c"), 2, id -> {
            if (id.equals("a")) {
                sleep(200);
            }
            return id.toUpperCase();
        }, x -> {
            throw new AssertionError("nothing to discard");
        });
        assertEquals(List.of("A", "B", "C"), out);
    }

    @Test
    void twoThreadsRunTwoChecksAtOnce() {
        // Each check waits until the other has started: with one check at a time this would time out.
        CyclicBarrier both = new CyclicBarrier(2);
        List<String> out = ModelChecks.inOrder(List.of("a", "b"), 2, id -> {
            try {
                both.await(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError("the checks did not run side by side", e);
            }
            return id;
        }, x -> {
        });
        assertEquals(List.of("a", "b"), out);
    }

    @Test
    void theFirstFailingIdInOrderWinsAndEveryOtherOutcomeIsDiscarded() {
        // b fails late, d fails at once: a loop over a, b, c, d would have thrown b's exception.
        ConfigException bFails = new ConfigException("b is corrupt");
        List<String> discarded = Collections.synchronizedList(new ArrayList<>());
        ConfigException thrown = assertThrows(ConfigException.class, () -> ModelChecks.inOrder(
                List.of("a", "b", "c", "d"), 2, id -> {
                    switch (id) {
                        case "b" -> {
                            sleep(200);
                            throw bFails;
                        }
                        case "d" -> throw new ConfigException("d is corrupt");
                        default -> {
                            return id;
                        }
                    }
                }, discarded::add));
        assertSame(bFails, thrown);
        // c may or may not have started when b failed: what was produced is discarded, nothing else.
        List<String> sorted = new ArrayList<>(discarded);
        Collections.sort(sorted);
        List<String> expected = sorted.contains("c") ? List.of("a", "c") : List.of("a");
        assertEquals(expected, sorted);
    }

    @Test
    void oneThreadIsTheLoopItself() {
        List<String> checked = new ArrayList<>();
        List<String> discarded = new ArrayList<>();
        IllegalStateException bug = new IllegalStateException("bug in b");
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> ModelChecks.inOrder(
                List.of("a", "b", "c"), 1, id -> {
                    checked.add(id);
                    if (id.equals("b")) {
                        throw bug;
                    }
                    return id;
                }, discarded::add));
        assertSame(bug, thrown);
        assertEquals(List.of("a", "b"), checked, "stops at the first failure");
        assertEquals(List.of("a"), discarded);
        assertEquals(List.of("x"), ModelChecks.inOrder(List.of("x"), 4, id -> id, x -> {
        }));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
