package org.sparsebench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.sparsebench.api.Columns;
import org.sparsebench.api.Condition;
import org.sparsebench.api.ConditionResult;
import org.sparsebench.api.Model;
import org.sparsebench.api.Suite;
import org.sparsebench.api.SuiteContext;
import org.sparsebench.api.SuiteSummary;

/**
 * Suites are summarized in the background as soon as their last unit is in; the summaries are the ones
 * the runner computed after the run (each suite's results in canonical order), in the suites' order,
 * and a failing summary surfaces with its own exception.
 */
class SuiteSummariesTest {

    /** Two models × suite "a" (conditions c1, c2) and suite "b" (c1), in the runner's canonical order. */
    private static final List<String> MODELS = List.of("m1", "m2");

    @Test
    void eachSuiteStartsWhenItsLastUnitIsInAndTheSummariesAreTheSequentialOnes() throws Exception {
        CountDownLatch aStarted = new CountDownLatch(1);
        List<String> threads = Collections.synchronizedList(new ArrayList<>());
        FakeSuite a = new FakeSuite("a", List.of("c1", "c2"), results -> {
            threads.add(Thread.currentThread().getName());
            aStarted.countDown();
            return FakeSuite.echo("a", results);
        });
        FakeSuite b = new FakeSuite("b", List.of("c1"), results -> FakeSuite.echo("b", results));
        List<WorkUnit> units = units(List.of(a, b));
        Map<String, ConditionResult> done = new HashMap<>();
        try (SuiteSummaries s = new SuiteSummaries(List.of(a, b), units, done)) {
            // The engine finishes units in an order of its own: m2's "a" units first, b's last.
            List<WorkUnit> order = new ArrayList<>(units);
            Collections.reverse(order);
            order.sort(java.util.Comparator.comparing(WorkUnit::suite));
            for (WorkUnit u : order) {
                done.put(u.key(), result(u));
                s.finished(u, done);
                if (u == order.get(3)) { // the last "a" unit
                    assertTrue(aStarted.await(10, TimeUnit.SECONDS), "suite a summarized before the run ends");
                }
            }
            List<ConditionResult> canonical = units.stream().map(u -> done.get(u.key())).toList();
            List<SuiteSummary> got = s.all(canonical);
            assertEquals(List.of("sparsebench-summaries"), threads);
            // what the runner computed after the run, one suite after the other on its own thread
            List<SuiteSummary> expected = new ArrayList<>();
            for (Suite suite : List.of(a, b)) {
                expected.addAll(suite.summarize(canonical.stream().filter(r -> r.suite().equals(suite.id())).toList()));
            }
            assertEquals(expected, got);
            // the known answer itself: "a" saw m1/c1, m1/c2, m2/c1, m2/c2 in that order, then "b" m1/c1, m2/c1
            assertEquals(List.of("a:m1/c1,m1/c2,m2/c1,m2/c2", "b:m1/c1,m2/c1"),
                    got.stream().map(x -> x.suite() + ":" + x.params().get("seen")).toList());
        }
    }

    @Test
    void aFailedSummaryIsRethrownAsItWasThrown() {
        IllegalStateException boom = new IllegalStateException("no baseline");
        FakeSuite a = new FakeSuite("a", List.of("c1"), results -> {
            throw boom;
        });
        List<WorkUnit> units = units(List.of(a));
        Map<String, ConditionResult> done = new HashMap<>();
        try (SuiteSummaries s = new SuiteSummaries(List.of(a), units, done)) {
            for (WorkUnit u : units) {
                done.put(u.key(), result(u));
                s.finished(u, done);
            }
            List<ConditionResult> canonical = units.stream().map(u -> done.get(u.key())).toList();
            assertSame(boom, assertThrows(IllegalStateException.class, () -> s.all(canonical)));
        }
    }

    @Test
    void aSuiteWithAUnitNotInIsSummarizedOnTheCallingThreadFromWhatIsIn() {
        List<String> threads = Collections.synchronizedList(new ArrayList<>());
        FakeSuite a = new FakeSuite("a", List.of("c1", "c2"), results -> {
            threads.add(Thread.currentThread().getName());
            return FakeSuite.echo("a", results);
        });
        List<WorkUnit> units = units(List.of(a));
        Map<String, ConditionResult> done = new HashMap<>();
        try (SuiteSummaries s = new SuiteSummaries(List.of(a), units, done)) {
            for (WorkUnit u : units.subList(0, 3)) { // m2/c2 failed or ran out of time
                done.put(u.key(), result(u));
                s.finished(u, done);
            }
            List<ConditionResult> in = units.subList(0, 3).stream().map(u -> done.get(u.key())).toList();
            List<SuiteSummary> got = s.all(in);
            assertEquals("m1/c1,m1/c2,m2/c1", got.get(0).params().get("seen"));
            assertEquals(List.of(Thread.currentThread().getName()), threads);
        }
    }

    @Test
    void aSuiteWhoseUnitsAreAllCheckpointedStartsAtOnceAndAReportedTwiceUnitCountsOnce() throws Exception {
        CountDownLatch aStarted = new CountDownLatch(1);
        FakeSuite a = new FakeSuite("a", List.of("c1"), results -> {
            aStarted.countDown();
            return FakeSuite.echo("a", results);
        });
        List<String> seenB = Collections.synchronizedList(new ArrayList<>());
        FakeSuite b = new FakeSuite("b", List.of("c1", "c2"), results -> {
            seenB.add(String.valueOf(results.size()));
            return FakeSuite.echo("b", results);
        });
        List<WorkUnit> units = units(List.of(a, b));
        Map<String, ConditionResult> done = new LinkedHashMap<>();
        for (WorkUnit u : units) {
            if (u.suite().equals("a")) {
                done.put(u.key(), result(u)); // from checkpoints
            }
        }
        try (SuiteSummaries s = new SuiteSummaries(List.of(a, b), units, done)) {
            assertTrue(aStarted.await(10, TimeUnit.SECONDS), "nothing left to compute: started at once");
            List<WorkUnit> bUnits = units.stream().filter(u -> u.suite().equals("b")).toList();
            WorkUnit first = bUnits.get(0);
            done.put(first.key(), result(first));
            s.finished(first, done);
            s.finished(first, done); // not counted again: b is not yet complete
            for (WorkUnit u : bUnits.subList(1, bUnits.size())) {
                done.put(u.key(), result(u));
                s.finished(u, done);
            }
            List<ConditionResult> canonical = units.stream().map(u -> done.get(u.key())).toList();
            List<SuiteSummary> got = s.all(canonical);
            assertEquals(List.of("a:m1/c1,m2/c1", "b:m1/c1,m1/c2,m2/c1,m2/c2"),
                    got.stream().map(x -> x.suite() + ":" + x.params().get("seen")).toList());
            assertEquals(List.of("4"), seenB, "summarized once, with every unit");
        }
    }

    /** Units in the runner's canonical order: model, then suite, then condition. */
    private static List<WorkUnit> units(List<FakeSuite> suites) {
        List<WorkUnit> out = new ArrayList<>();
        for (String m : MODELS) {
            for (FakeSuite s : suites) {
                for (Condition c : s.conditions()) {
                    out.add(new WorkUnit(m + "/" + s.id() + "/" + c.id(), m, s.id(), c.id(), null));
                }
            }
        }
        return out;
    }

    private static ConditionResult result(WorkUnit u) {
        return new ConditionResult(u.model(), u.suite(), "fake", u.condition(), Map.of(), Map.of(),
                new Columns().ints("index", new int[] {0}), 0);
    }

    /** A suite whose summary is computed by a given function of its results. */
    private record FakeSuite(String id, List<String> conditionIds,
            Function<List<ConditionResult>, List<SuiteSummary>> summary) implements Suite {

        /** One summary naming the results it got, in the order it got them. */
        static List<SuiteSummary> echo(String suite, List<ConditionResult> results) {
            String seen = String.join(",", results.stream().map(r -> r.model() + "/" + r.condition()).toList());
            return List.of(new SuiteSummary("all", suite, "fake", "seen", Map.of("seen", seen), Map.of()));
        }

        @Override
        public String family() {
            return "fake";
        }

        @Override
        public List<Condition> conditions() {
            return conditionIds.stream().map(c -> new Condition(c, Map.of())).toList();
        }

        @Override
        public Map<String, Object> spec() {
            return Map.of();
        }

        @Override
        public ConditionResult evaluate(Model model, Condition condition, SuiteContext context) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<SuiteSummary> summarize(List<ConditionResult> results) {
            return summary.apply(results);
        }
    }
}
