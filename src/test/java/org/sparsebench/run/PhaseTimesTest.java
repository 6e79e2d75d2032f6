package org.sparsebench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparsebench.api.Gradient;
import org.sparsebench.api.InputShape;
import org.sparsebench.api.Loss;
import org.sparsebench.api.Model;
import org.sparsebench.models.NativeMemoryGuard;
import org.sparsebench.testing.LinearModel;

class PhaseTimesTest {
    private static final long MB = 1L << 20;


    @Test
    void timedModelDelegatesAndCountsEveryComputeCall() {
        LinearModel inner = LinearModel.random("lin", new InputShape(1, 2, 2), 3, 1);
        PhaseTimes times = new PhaseTimes();
        Model m = times.timed(inner);
        INDArray x = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 4, 1, 2, 2);
        // same answers as the wrapped model (delegation), and three calls counted
        assertEquals(inner.logits(x), m.logits(x));
        Gradient a = inner.gradient(x, Loss.crossEntropy(new int[] {0, 1, 2, 0}));
        Gradient b = m.gradient(x, Loss.crossEntropy(new int[] {0, 1, 2, 0}));
        assertEquals(a.inputGradient(), b.inputGradient());
        assertEquals(inner.features(x), m.features(x));
        assertEquals("lin", m.id());
        assertSame(inner.inputShape(), m.inputShape());
        assertEquals(3, times.modelCalls());
        assertTrue(times.modelNanos() > 0);
        // capabilities are looked up through the wrapper, on the wrapped model
        assertSame(inner, m.as(LinearModel.class).orElseThrow());
        assertTrue(m.as(org.sparsebench.sparse.SparseCodingNetwork.class).isEmpty());
    }

    /** A one-layer "network" whose code is its input: trace and outputs known by construction. */
    private static final class EchoNetwork extends org.sparsebench.api.ForwardingModel
            implements org.sparsebench.sparse.SparseCodingNetwork {
        EchoNetwork() {
            super(LinearModel.random("echo", new InputShape(1, 2, 2), 2, 1));
        }

        @Override
        public <T> java.util.Optional<T> as(Class<T> type) {
            return type.isInstance(this) ? java.util.Optional.of(type.cast(this)) : super.as(type);
        }

        @Override
        public java.util.List<org.sparsebench.sparse.CodingLayer> codingLayers() {
            return java.util.List.of();
        }

        @Override
        public java.util.List<org.sparsebench.sparse.LayerTrace> trace(INDArray x) {
            return java.util.List.of(new org.sparsebench.sparse.LayerTrace("echo", x, java.util.List.of(x)));
        }
    }

    @Test
    void sparseCodingTracesAndOutputsCountAsModelCalls() {
        PhaseTimes times = new PhaseTimes();
        var net = times.timed(new EchoNetwork()).as(org.sparsebench.sparse.SparseCodingNetwork.class).orElseThrow();
        INDArray x = Nd4j.rand(DataType.FLOAT, 3, 1, 2, 2);
        assertSame(x, net.trace(x).get(0).output());
        // outputs() (what the sparsity probe reads) is the default from trace here, and is timed as one call
        assertEquals(Map.of("echo", x), net.outputs(x));
        assertEquals(2, times.modelCalls());
    }

    @Test
    void recordSplitsTheRunIntoPhases() {
        // 1 s set-up, 6 s evaluating units of which 4.5 s in 12 model calls, 0.5 s reporting: 7.5 s in all,
        // so 3 s = 40% outside model calls (hand arithmetic)
        Map<String, Object> r = PhaseTimes.record(1_000_000_000L, 6_000_000_000L, 4_500_000_000L, 12,
                500_000_000L, 7_500_000_000L);
        assertEquals(1.0, r.get("setupSeconds"));
        assertEquals(6.0, r.get("evaluateSeconds"));
        assertEquals(4.5, r.get("modelCallSeconds"));
        assertEquals(12L, r.get("modelCalls"));
        assertEquals(1.5, r.get("outsideModelInEvaluateSeconds"));
        assertEquals(0.5, r.get("reportSeconds"));
        assertEquals(7.5, r.get("totalSeconds"));
        assertEquals(0.4, r.get("outsideModelShare"));
        assertEquals("sparsebench: 7.5 s in all: model calls 4.5 s (12 calls), outside them 40% (set-up 1.0 s,"
                + " data/corruption/statistics 1.5 s, report 0.5 s)", PhaseTimes.line(r));
    }

    @Test
    void everyModelCallIsFollowedByACheck() {
        // Resident memory grows 1 MB per model call, budget 2 MB: the base is taken after call 1 (1 MB),
        // so call 4 (4 MB > 3 MB) collects; with no time passing the spacing then blocks calls 5 and 6.
        AtomicInteger collected = new AtomicInteger();
        AtomicLong clock = new AtomicLong();
        AtomicLong calls = new AtomicLong();
        NativeMemoryGuard g = new NativeMemoryGuard(2 * MB, () -> calls.incrementAndGet() * MB, () -> {
            collected.incrementAndGet();
            clock.addAndGet(10);
        }, clock::get);
        PhaseTimes times = new PhaseTimes(g);
        Model m = times.timed(LinearModel.random("lin", new InputShape(1, 2, 2), 3, 1));
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 1, 2, 2);
        for (int i = 0; i < 6; i++) {
            m.logits(x);
        }
        assertEquals(6, calls.get(), "one check per model call");
        assertEquals(1, collected.get());
        Map<String, Object> mem = times.memory();
        assertEquals(1, mem.get("gcCollections"));
    }

    @Test
    void theEndOfRunLineStatesThePeakWhenKnown() {
        Map<String, Object> r = PhaseTimes.record(1_000_000_000L, 6_000_000_000L, 4_500_000_000L, 12,
                500_000_000L, 7_500_000_000L);
        r.put("peakResidentMB", 1536L); // 1536 MB = 1.5 GB
        assertEquals("sparsebench: 7.5 s in all: model calls 4.5 s (12 calls), outside them 40% (set-up 1.0 s,"
                + " data/corruption/statistics 1.5 s, report 0.5 s); peak memory 1.5 GB", PhaseTimes.line(r));
    }
}
