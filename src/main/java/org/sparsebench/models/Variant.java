package org.sparsebench.models;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.sparsebench.api.ConfigException;

/**
 * The nonlinearity (or inference) of a zoo CNN's coding layers; everything else is the shared
 * backbone of {@link CnnSpec}. See {@link SameDiffCnn} for what each builds.
 */
public enum Variant {
    /** conv + bias + ReLU, unconstrained: the baseline. */
    RELU("relu"),
    /** ReLU with b = −softplus(θ) ≤ 0 and unit-norm filters (the sparse prior maintained). */
    SPARSE_PRIOR("sparse-prior"),
    /** Two-sided soft threshold sign(z)·max(|z| − λ, 0), λ = softplus(θ) ≥ 0 per channel. */
    SOFT_THRESHOLD("soft-threshold"),
    /** K unrolled non-negative ISTA steps per conv layer with the layer's own filters. */
    ISTA("ista"),
    /** k-winners-take-all per sample and layer (Xiao et al., ICLR 2020). */
    KWTA("kwta");

    private final String id;

    Variant(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() {
        return id;
    }

    /** The variant named {@code id}; {@link ConfigException} listing the valid names otherwise. */
    @JsonCreator
    public static Variant of(String id) {
        for (Variant v : values()) {
            if (v.id.equals(id)) {
                return v;
            }
        }
        throw new ConfigException("unknown variant \"" + id + "\"; expected one of "
                + Arrays.stream(values()).map(Variant::id).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return id;
    }
}
