package org.sparsebench.sparse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.conditions.Conditions;
import org.sparsebench.api.Model;

/**
 * Sparse-coding diagnostics of a model on a batch, per coding layer:
 * <ul>
 *   <li>{@code activationSparsity}: fraction of exact zeros in the layer's output activation;</li>
 *   <li>{@code positiveBiasFraction}: fraction of the layer's effective biases that are > 0 (sparse-prior
 *       violations: a positive bias is a negative threshold λ);</li>
 *   <li>{@code mutualCoherence}: {@link MutualCoherence} of the layer's normalized filters;</li>
 *   <li>{@code istaObjective}: for layers that run ISTA, the batch mean of
 *       {@code ½‖x − D a_k‖² + Σ λ_c a_k} for k = 0 … K (so its decrease over the iterations shows);
 *       empty for other layers.</li>
 * </ul>
 * Immutable.
 */
public record SparseDiagnostics(List<Layer> layers) {

    public SparseDiagnostics {
        layers = List.copyOf(layers);
    }

    /**
     * Diagnostics of one coding layer; {@code twoSided} marks soft thresholding (a code may be
     * negative), {@code dataDependentThreshold} k-WTA (the bias is not the whole threshold).
     */
    public record Layer(String name, double activationSparsity, double positiveBiasFraction, double mutualCoherence,
            List<Double> istaObjective, boolean twoSided, boolean dataDependentThreshold) {
        public Layer {
            istaObjective = List.copyOf(istaObjective);
        }

        /** JSON-ready form, as in {@code results.json}'s {@code diagnostics}. */
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", name);
            m.put("activationSparsity", finiteOrNull(activationSparsity));
            m.put("positiveBiasFraction", finiteOrNull(positiveBiasFraction));
            m.put("mutualCoherence", finiteOrNull(mutualCoherence));
            m.put("istaObjective", istaObjective.stream().map(SparseDiagnostics::finiteOrNull).toList());
            m.put("twoSided", twoSided);
            m.put("dataDependentThreshold", dataDependentThreshold);
            return m;
        }
    }

    /** JSON-ready form for {@code results.json}: the number of samples and one entry per layer. */
    public Map<String, Object> toMap(int samples) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("samples", samples);
        m.put("layers", layers.stream().map(Layer::toMap).toList());
        return m;
    }

    private static Double finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }

    /** Diagnostics of {@code model} on {@code batch [N, C, H, W]}, if it is a {@link SparseCodingNetwork}. */
    public static Optional<SparseDiagnostics> ofModel(Model model, INDArray batch) {
        return model.as(SparseCodingNetwork.class).map(n -> of(n, batch));
    }

    /** Diagnostics of {@code network} on {@code batch [N, C, H, W]}. */
    public static SparseDiagnostics of(SparseCodingNetwork network, INDArray batch) {
        List<CodingLayer> params = network.codingLayers();
        List<LayerTrace> traces = network.trace(batch);
        List<Layer> out = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) {
            CodingLayer p = params.get(i);
            LayerTrace t = traces.get(i);
            List<Double> objective = new ArrayList<>();
            if (p.conv() && p.istaIterations() > 0) {
                // Java loops over the sparse codes: ConvDictionary.objective's float64 convolutions in
                // libnd4j made these traces the largest part of a run's set-up.
                ConvObjective d = new ConvObjective(p.filters(), p.bias().castTo(DataType.DOUBLE).neg());
                for (INDArray a : t.codes()) {
                    double[] f = d.perSample(t.input(), a);
                    double s = 0;
                    for (double v : f) {
                        s += v;
                    }
                    objective.add(s / f.length);
                }
            }
            out.add(new Layer(p.name(), zeroFraction(t.output()), positiveFraction(p.bias()),
                    MutualCoherence.of(p.filters()), objective, p.twoSided(), p.dataDependent()));
        }
        return new SparseDiagnostics(out);
    }

    /** Per sample (first axis), the fraction of its entries exactly 0. */
    public static double[] zeroFractionPerSample(INDArray a) {
        int n = (int) a.size(0);
        double[] out = new double[n];
        long per = n == 0 ? 0 : a.length() / n;
        if (per == 0) {
            java.util.Arrays.fill(out, Double.NaN);
            return out;
        }
        // A contiguous float array is read as is (the traces' outputs are); anything else is copied once.
        INDArray c = a.dataType() == DataType.FLOAT && a.ordering() == 'c' && !a.isView() ? a
                : a.castTo(DataType.FLOAT).dup('c');
        // Bulk reads of the native buffer (DataBuffer.asFloat() copies element by element, ~10x slower).
        java.nio.FloatBuffer fb = c.data().asNio().order(java.nio.ByteOrder.nativeOrder()).asFloatBuffer();
        float[] chunk = new float[(int) Math.min(per, 1 << 14)];
        for (int i = 0; i < n; i++) {
            long zeros = 0;
            for (long from = i * per; from < (i + 1) * per; from += chunk.length) {
                int len = (int) Math.min(chunk.length, (i + 1) * per - from);
                fb.get(Math.toIntExact(from), chunk, 0, len);
                int z = 0;
                for (int j = 0; j < len; j++) {
                    z += chunk[j] == 0f ? 1 : 0;
                }
                zeros += z;
            }
            out[i] = (double) zeros / per;
        }
        return out;
    }

    /** Fraction of entries exactly 0. */
    public static double zeroFraction(INDArray a) {
        return a.length() == 0 ? Double.NaN : (double) a.scan(Conditions.equals(0)).longValue() / a.length();
    }

    /** Fraction of entries > 0. */
    public static double positiveFraction(INDArray a) {
        return a.length() == 0 ? Double.NaN : (double) a.scan(Conditions.greaterThan(0)).longValue() / a.length();
    }
}
