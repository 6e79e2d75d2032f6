package org.sparsebench.suites.adversarial;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparsebench.api.Bounds;
import org.sparsebench.api.Gradient;
import org.sparsebench.api.InputShape;
import org.sparsebench.api.Loss;
import org.sparsebench.api.Model;

/** Counts the images an attack sends through the model: forward-only queries and gradient evaluations. */
final class CountingModel implements Model {
    private final Model model;
    private long queries;
    private long gradients;

    CountingModel(Model model) {
        this.model = model;
    }

    long queries() {
        return queries;
    }

    long gradients() {
        return gradients;
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
        queries += x.size(0);
        return model.logits(x);
    }

    @Override
    public Gradient gradient(INDArray x, Loss loss) {
        gradients += x.size(0);
        return model.gradient(x, loss);
    }

    @Override
    public INDArray features(INDArray x) {
        return model.features(x);
    }

    @Override
    public <T> java.util.Optional<T> as(Class<T> type) {
        return model.as(type);
    }
}
