package org.sparsebench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparsebench.api.Gradient;
import org.sparsebench.api.InputShape;
import org.sparsebench.api.Loss;
import org.sparsebench.api.Model;
import org.sparsebench.testing.LinearModel;

class PhaseTimesTest {

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
}
