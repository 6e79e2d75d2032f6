package org.sparsebench.testing;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.sparsebench.api.Gradient;
import org.sparsebench.api.InputShape;
import org.sparsebench.api.Loss;
import org.sparsebench.api.Model;

/**
 * A softmax-regression model {@code z = W·vec(x) + b} whose gradients have closed forms:
 * {@code ∂CE/∂x = Wᵀ(softmax(z) − onehot(y))}, {@code ∂(w·z)/∂x = Wᵀw}. Tests use it as the
 * known-answer model for suites and attacks.
 */
public final class LinearModel implements Model {
    private final String id;
    private final InputShape shape;
    private final INDArray w; // [K, D]
    private final INDArray b; // [K]

    public LinearModel(String id, InputShape shape, INDArray w, INDArray b) {
        this.id = id;
        this.shape = shape;
        this.w = w.castTo(DataType.FLOAT);
        this.b = b.castTo(DataType.FLOAT);
    }

    /** Random weights from a seed. */
    public static LinearModel random(String id, InputShape shape, int classes, long seed) {
        Nd4j.getRandom().setSeed(seed);
        return new LinearModel(id, shape, Nd4j.randn(DataType.FLOAT, classes, shape.size()).muli(0.1),
                Nd4j.randn(DataType.FLOAT, classes).muli(0.1));
    }

    public INDArray weights() {
        return w;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public InputShape inputShape() {
        return shape;
    }

    @Override
    public int numClasses() {
        return (int) w.size(0);
    }

    @Override
    public INDArray logits(INDArray x) {
        return features(x).mmul(w.transpose()).addiRowVector(b);
    }

    @Override
    public Gradient gradient(INDArray x, Loss loss) {
        INDArray z = logits(x);
        if (loss instanceof Loss.CrossEntropy ce) {
            INDArray p = Transforms.softmax(z, true);
            INDArray onehot = Nd4j.zeros(DataType.FLOAT, z.shape());
            INDArray perSample = Nd4j.zeros(DataType.FLOAT, z.size(0));
            for (int i = 0; i < ce.labels().length; i++) {
                onehot.putScalar(i, ce.labels()[i], 1f);
                perSample.putScalar(i, -Math.log(p.getDouble(i, ce.labels()[i])));
            }
            INDArray g = p.sub(onehot).mmul(w).reshape(x.shape());
            return new Gradient(z, perSample, g);
        }
        INDArray u = ((Loss.Linear) loss).weights().castTo(DataType.FLOAT);
        return new Gradient(z, z.mul(u).sum(1), u.mmul(w).reshape(x.shape()));
    }

    @Override
    public INDArray features(INDArray x) {
        return x.castTo(DataType.FLOAT).reshape(x.size(0), shape.size());
    }
}
