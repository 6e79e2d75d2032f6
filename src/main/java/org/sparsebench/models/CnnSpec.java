package org.sparsebench.models;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.sparsebench.api.ConfigException;
import org.sparsebench.api.InputShape;

/**
 * A CNN backbone: for each entry of {@code convChannels} a {@code kernel×kernel} SAME-padded
 * convolution, a nonlinearity and a 2×2 max-pool (stride 2, floor), then a dense layer of
 * {@code hiddenUnits} with a nonlinearity and a dense layer to {@code classes} logits.
 * {@code variant} selects the nonlinearity ({@link Variant}; null reads as {@link Variant#RELU}, so
 * manifests written before variants existed load unchanged). Variant hyper-parameters:
 * {@code istaIterations} K ≥ 0 (ista only) and {@code kwtaRatio} in (0, 1] (kwta only: the fraction
 * of each layer's activations kept per sample); both null for the other variants. Serializes to
 * JSON as is (null fields left out).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CnnSpec(String id, InputShape input, List<Integer> convChannels, int kernel, int hiddenUnits, int classes,
        Variant variant, Integer istaIterations, Double kwtaRatio) {

    /** Largest K accepted: each step adds two convolutions per layer to the graph. */
    public static final int MAX_ISTA_ITERATIONS = 100;

    /** A ReLU CNN (the variant fields null). */
    public CnnSpec(String id, InputShape input, List<Integer> convChannels, int kernel, int hiddenUnits, int classes) {
        this(id, input, convChannels, kernel, hiddenUnits, classes, null, null, null);
    }

    public CnnSpec {
        if (id == null || id.isBlank()) {
            throw new ConfigException("model spec: id must not be empty");
        }
        if (input == null) {
            throw new ConfigException("model spec " + id + ": input shape missing");
        }
        convChannels = List.copyOf(convChannels);
        if (convChannels.isEmpty() || convChannels.stream().anyMatch(c -> c <= 0)) {
            throw new ConfigException("model spec " + id + ": convChannels must be positive, got " + convChannels);
        }
        if (kernel <= 0 || kernel % 2 == 0) {
            throw new ConfigException("model spec " + id + ": kernel must be odd and positive, got " + kernel);
        }
        if (hiddenUnits <= 0 || classes < 2) {
            throw new ConfigException("model spec " + id + ": hiddenUnits > 0 and classes >= 2 required");
        }
        int h = input.height();
        int w = input.width();
        for (int i = 0; i < convChannels.size(); i++) {
            h /= 2;
            w /= 2;
        }
        if (h < 1 || w < 1) {
            throw new ConfigException("model spec " + id + ": " + convChannels.size() + " poolings shrink "
                    + input + " to nothing");
        }
        Variant v = variant == null ? Variant.RELU : variant;
        if (v == Variant.ISTA) {
            if (istaIterations == null || istaIterations < 0 || istaIterations > MAX_ISTA_ITERATIONS) {
                throw new ConfigException("model spec " + id + ": istaIterations must be 0.." + MAX_ISTA_ITERATIONS
                        + " for variant ista, got " + istaIterations);
            }
        } else if (istaIterations != null) {
            throw new ConfigException("model spec " + id + ": istaIterations applies to variant ista only, not " + v);
        }
        if (v == Variant.KWTA) {
            if (kwtaRatio == null || !(kwtaRatio > 0 && kwtaRatio <= 1)) {
                throw new ConfigException("model spec " + id + ": kwtaRatio must be in (0, 1] for variant kwta, got "
                        + kwtaRatio);
            }
        } else if (kwtaRatio != null) {
            throw new ConfigException("model spec " + id + ": kwtaRatio applies to variant kwta only, not " + v);
        }
    }

    /** The variant, {@link Variant#RELU} when the field is absent. */
    @JsonIgnore
    public Variant resolvedVariant() {
        return variant == null ? Variant.RELU : variant;
    }

    /** The same architecture as another variant (the hyper-parameter of that variant given). */
    public CnnSpec withVariant(String newId, Variant v, Integer iterations, Double ratio) {
        return new CnnSpec(newId, input, convChannels, kernel, hiddenUnits, classes, v, iterations, ratio);
    }

    /** The baseline: conv 16-32-64, dense 64, 10 classes on 1×28×28 (60,874 parameters). */
    public static CnnSpec reluCnn() {
        return new CnnSpec("relu-cnn", new InputShape(1, 28, 28), List.of(16, 32, 64), 3, 64, 10);
    }

    /** Spatial size {@code [H, W]} after the last pooling. */
    @JsonIgnore
    public int[] finalSpatial() {
        int h = input.height();
        int w = input.width();
        for (int i = 0; i < convChannels.size(); i++) {
            h /= 2;
            w /= 2;
        }
        return new int[] {h, w};
    }

    /** Width of the flattened conv output, the input of the hidden dense layer. */
    @JsonIgnore
    public int flatSize() {
        int[] hw = finalSpatial();
        return hw[0] * hw[1] * convChannels.get(convChannels.size() - 1);
    }

    /** Number of trainable parameters (weights and biases). */
    @JsonIgnore
    public long parameterCount() {
        long n = 0;
        int in = input.channels();
        for (int c : convChannels) {
            n += (long) kernel * kernel * in * c + c;
            in = c;
        }
        n += (long) flatSize() * hiddenUnits + hiddenUnits;
        n += (long) hiddenUnits * classes + classes;
        return n;
    }
}
