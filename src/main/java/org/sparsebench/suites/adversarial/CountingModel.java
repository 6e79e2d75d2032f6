package org.sparsebench.suites.adversarial;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparsebench.api.ForwardingModel;
import org.sparsebench.api.Gradient;
import org.sparsebench.api.Loss;
import org.sparsebench.api.Model;

/** Counts the images an attack sends through the model: forward-only queries and gradient evaluations. */
final class CountingModel extends ForwardingModel {
    private long queries;
    private long gradients;

    CountingModel(Model model) {
        super(model);
    }

    long queries() {
        return queries;
    }

    long gradients() {
        return gradients;
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
}
