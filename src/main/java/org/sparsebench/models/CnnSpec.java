package org.sparsebench.models;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;
import org.sparsebench.api.ConfigException;
import org.sparsebench.api.InputShape;

/**
 * A plain CNN: for each entry of {@code convChannels} a {@code kernel×kernel} SAME-padded
 * convolution, ReLU and a 2×2 max-pool (stride 2, floor), then a dense ReLU layer of
 * {@code hiddenUnits} and a dense layer to {@code classes} logits. Serializes to JSON as is.
 */
public record CnnSpec(String id, InputShape input, List<Integer> convChannels, int kernel, int hiddenUnits, int classes) {

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
