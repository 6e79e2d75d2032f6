package org.sparsebench.suites.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparsebench.api.Metric;
import org.sparsebench.api.Model;
import org.sparsebench.sparse.SparseCodingNetwork;
import org.sparsebench.sparse.SparseDiagnostics;
import org.sparsebench.stats.MeanInterval;

/**
 * Activation sparsity of a model's coding layers on the inputs a condition actually feeds it
 * (corrupted, adversarial, out-of-distribution images): a suite passes each batch it evaluates to
 * {@link #observe}, and puts {@link #diagnostics()} into its {@code ConditionResult}. Only models
 * that are {@link SparseCodingNetwork}s are probed, and only the first {@code cap} samples of a
 * condition (the batches come in the run's sample order, so the probed samples are the same for
 * every condition and model), which keeps the extra forward pass small.
 *
 * <p>Each diagnostic {@code sparsity/<layer>} is the mean over the probed samples of each sample's
 * fraction of exact zeros in the layer's output, with a normal-approximation 95% interval
 * (mean ± z·s/√n, {@code method = "normal-mean"}) whose n is the number of samples.
 */
public final class SparsityProbe {
    /** Samples probed per condition by default. */
    public static final int DEFAULT_CAP = 64;
    static final double LEVEL = 0.95;

    private final SparseCodingNetwork network;
    private final int cap;
    private final Map<String, List<Double>> perLayer = new LinkedHashMap<>();
    private int seen;

    private SparsityProbe(SparseCodingNetwork network, int cap) {
        this.network = network;
        this.cap = cap;
    }

    /** A probe for {@code model}, or one that records nothing when the model is no sparse-coding network. */
    public static SparsityProbe of(Model model) {
        return of(model, DEFAULT_CAP);
    }

    public static SparsityProbe of(Model model, int cap) {
        if (cap < 0) {
            throw new IllegalArgumentException("cap must be >= 0, got " + cap);
        }
        return new SparsityProbe(model.as(SparseCodingNetwork.class).orElse(null), cap);
    }

    /** Records the sparsity of the first samples of {@code x [N, C, H, W]} until {@code cap} samples are seen. */
    public void observe(INDArray x) {
        if (network == null || seen >= cap || x.size(0) == 0) {
            return;
        }
        long take = Math.min(x.size(0), cap - seen);
        INDArray batch = take == x.size(0) ? x
                : x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, take));
        network.outputs(batch).forEach((layer, output) -> {
            List<Double> values = perLayer.computeIfAbsent(layer, k -> new ArrayList<>());
            for (double v : SparseDiagnostics.zeroFractionPerSample(output)) {
                values.add(v);
            }
        });
        seen += (int) take;
    }

    /** {@code sparsity/<layer>} per coding layer, in forward order; empty when nothing was probed. */
    public Map<String, Metric> diagnostics() {
        Map<String, Metric> out = new LinkedHashMap<>();
        perLayer.forEach((layer, values) -> out.put("sparsity/" + layer,
                MeanInterval.normal(values.stream().mapToDouble(Double::doubleValue).toArray(), LEVEL, 0, 1)));
        return out;
    }
}
