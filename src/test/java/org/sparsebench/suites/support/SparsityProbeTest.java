package org.sparsebench.suites.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparsebench.api.ForwardingModel;
import org.sparsebench.api.Gradient;
import org.sparsebench.api.InputShape;
import org.sparsebench.api.Loss;
import org.sparsebench.api.Metric;
import org.sparsebench.api.Model;
import org.sparsebench.sparse.CodingLayer;
import org.sparsebench.sparse.LayerTrace;
import org.sparsebench.sparse.SparseCodingNetwork;
import org.sparsebench.testing.LinearModel;

class SparsityProbeTest {
    private static final InputShape SHAPE = new InputShape(1, 2, 2);

    /**
     * A "network" whose single coding layer outputs its input unchanged and whose second layer
     * outputs all zeros, so the sparsity of each sample is known by construction.
     */
    static final class Identity implements Model, SparseCodingNetwork {
        final List<Long> traced = new ArrayList<>();

        @Override
        public String id() {
            return "identity";
        }

        @Override
        public InputShape inputShape() {
            return SHAPE;
        }

        @Override
        public int numClasses() {
            return 2;
        }

        @Override
        public INDArray logits(INDArray x) {
            return Nd4j.zeros(DataType.FLOAT, x.size(0), 2);
        }

        @Override
        public Gradient gradient(INDArray x, Loss loss) {
            throw new UnsupportedOperationException();
        }

        @Override
        public INDArray features(INDArray x) {
            return x.reshape(x.size(0), 4);
        }

        @Override
        public List<CodingLayer> codingLayers() {
            throw new UnsupportedOperationException("the probe needs only trace");
        }

        @Override
        public List<LayerTrace> trace(INDArray x) {
            traced.add(x.size(0));
            return List.of(new LayerTrace("conv0", x, List.of(x)),
                    new LayerTrace("dense0", x, List.of(Nd4j.zeros(DataType.FLOAT, x.size(0), 3))));
        }
    }

    /** Sample i of the batch has (i mod 5) zero pixels out of 4 → zero fraction min(i mod 5, 4) / 4. */
    private static INDArray batch(int n) {
        INDArray x = Nd4j.ones(DataType.FLOAT, n, 1, 2, 2);
        for (int i = 0; i < n; i++) {
            int zeros = Math.min(i % 5, 4);
            for (int p = 0; p < zeros; p++) {
                x.putScalar(new long[] {i, 0, p / 2, p % 2}, 0f);
            }
        }
        return x;
    }

    @Test
    void meanZeroFractionPerLayerOverTheFirstCapSamples() {
        Identity net = new Identity();
        SparsityProbe probe = SparsityProbe.of(net, 6);
        probe.observe(batch(4)); // fractions 0, .25, .5, .75
        probe.observe(batch(4)); // only the first 2 count: 0, .25
        probe.observe(batch(4)); // cap reached: not traced at all
        assertEquals(List.of(4L, 2L), net.traced);
        Map<String, Metric> d = probe.diagnostics();
        assertEquals(List.of("sparsity/conv0", "sparsity/dense0"), List.copyOf(d.keySet()));
        // mean of 0, .25, .5, .75, 0, .25 = 1.75 / 6
        assertEquals(1.75 / 6, d.get("sparsity/conv0").value(), 1e-12);
        assertEquals(6, d.get("sparsity/conv0").n());
        assertTrue(d.get("sparsity/conv0").hasInterval());
        // the all-zero layer: every sample is fully sparse, no spread
        assertEquals(1.0, d.get("sparsity/dense0").value());
        assertEquals(1.0, d.get("sparsity/dense0").lower());
    }

    @Test
    void modelsThatAreNotSparseCodingNetworksAreNotProbed() {
        Model linear = LinearModel.random("lin", SHAPE, 2, 1);
        SparsityProbe probe = SparsityProbe.of(linear);
        probe.observe(batch(3));
        assertTrue(probe.diagnostics().isEmpty());
    }

    @Test
    void aWrapperThatDelegatesAsIsSeenThrough() {
        Identity net = new Identity();
        Model wrapper = new ForwardingModel(net) { }; // forwards as(...) like the runner's timing wrapper
        SparsityProbe probe = SparsityProbe.of(wrapper);
        probe.observe(batch(2));
        assertEquals(0.125, probe.diagnostics().get("sparsity/conv0").value(), 1e-12);
    }
}
