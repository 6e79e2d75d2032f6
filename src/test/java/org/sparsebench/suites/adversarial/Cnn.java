package org.sparsebench.suites.adversarial;

import java.nio.file.Path;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparsebench.api.Dataset;
import org.sparsebench.api.Model;
import org.sparsebench.data.Datasets;
import org.sparsebench.data.StratifiedSampler;
import org.sparsebench.models.CheckpointModelProvider;

/** The committed baseline {@code relu-cnn} and a class-stratified sample of the embedded test set. */
final class Cnn {
    private Cnn() {
    }

    static Model load() {
        return new CheckpointModelProvider().load("relu-cnn", Path.of("models"));
    }

    static Dataset data() {
        return Datasets.withDefaults().open(Datasets.FASHION_MNIST_TEST);
    }

    static int[] sample(int n) {
        return StratifiedSampler.sample(data(), n, 7);
    }

    static INDArray images(int[] idx) {
        return data().images(idx);
    }
}
