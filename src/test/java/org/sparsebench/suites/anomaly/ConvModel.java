package org.sparsebench.suites.anomaly;

import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparsebench.api.FirstConvLayer;
import org.sparsebench.api.Gradient;
import org.sparsebench.api.InputShape;
import org.sparsebench.api.Loss;
import org.sparsebench.api.Model;
import org.sparsebench.testing.LinearModel;

/** The test {@link LinearModel} with a hand-made first conv layer exposed as a dictionary. */
final class ConvModel implements Model {
    private final LinearModel inner;
    private final FirstConvLayer layer;

    ConvModel(LinearModel inner, FirstConvLayer layer) {
        this.inner = inner;
        this.layer = layer;
    }

    /** A first conv layer from explicit filters {@code [O, C, kH, kW]} and thresholds. */
    static FirstConvLayer layer(double[][][][] filters, double[] lambda, int iterations, double step, boolean twoSided) {
        INDArray f = Nd4j.create(filters).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
        INDArray l = Nd4j.create(lambda).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
        return new FirstConvLayer() {
            @Override
            public INDArray filters() {
                return f;
            }

            @Override
            public INDArray lambda() {
                return l;
            }

            @Override
            public int istaIterations() {
                return iterations;
            }

            @Override
            public double istaStep() {
                return iterations == 0 ? Double.NaN : step;
            }

            @Override
            public boolean twoSided() {
                return twoSided;
            }
        };
    }

    @Override
    public String id() {
        return inner.id() + "-conv";
    }

    @Override
    public InputShape inputShape() {
        return inner.inputShape();
    }

    @Override
    public int numClasses() {
        return inner.numClasses();
    }

    @Override
    public INDArray logits(INDArray x) {
        return inner.logits(x);
    }

    @Override
    public Gradient gradient(INDArray x, Loss loss) {
        return inner.gradient(x, loss);
    }

    @Override
    public INDArray features(INDArray x) {
        return inner.features(x);
    }

    @Override
    public Optional<FirstConvLayer> firstConv() {
        return Optional.of(layer);
    }
}
