package org.sparsebench.api;

import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A {@link Model} that forwards every method, capabilities ({@link #firstConv}, {@link #as}) and
 * {@link #close} included, to the model it wraps. Wrappers (timing, query counting) extend it and
 * override only what they add, so none of them can forget to pass a capability through.
 */
public abstract class ForwardingModel implements Model {
    protected final Model model;

    protected ForwardingModel(Model model) {
        this.model = java.util.Objects.requireNonNull(model, "model");
    }

    @Override
    public String id() {
        return model.id();
    }

    @Override
    public InputShape inputShape() {
        return model.inputShape();
    }

    @Override
    public int numClasses() {
        return model.numClasses();
    }

    @Override
    public Bounds bounds() {
        return model.bounds();
    }

    @Override
    public INDArray logits(INDArray x) {
        return model.logits(x);
    }

    @Override
    public Gradient gradient(INDArray x, Loss loss) {
        return model.gradient(x, loss);
    }

    @Override
    public INDArray features(INDArray x) {
        return model.features(x);
    }

    @Override
    public Optional<FirstConvLayer> firstConv() {
        return model.firstConv();
    }

    @Override
    public <T> Optional<T> as(Class<T> type) {
        return model.as(type);
    }

    @Override
    public void close() {
        model.close();
    }
}
