package org.sparsebench.bench;

import java.util.Optional;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparsebench.api.FirstConvLayer;
import org.sparsebench.api.Gradient;
import org.sparsebench.api.InputShape;
import org.sparsebench.api.Loss;
import org.sparsebench.api.Model;
import org.sparsebench.models.EagerCnn;
import org.sparsebench.models.SameDiffModel;

/**
 * A {@link SameDiffModel} whose logits and input gradients go through {@link EagerCnn} (the
 * optimized path; features and everything else stay on the SameDiff graph). What
 * {@code sparsebench bench --path eager} measures, and what SameDiffModel does once it adopts
 * EagerCnn (docs/PERFORMANCE.md).
 */
public final class EagerModel implements Model {
    private final SameDiffModel plain;
    private final EagerCnn eager;
    private final DataType dtype;

    private EagerModel(SameDiffModel plain, EagerCnn eager) {
        this.plain = plain;
        this.eager = eager;
        this.dtype = plain.graph().getVariable("input").dataType();
    }

    /** The eager model of {@code plain}, or empty when its graph is neither a plain CNN chain nor an ista CNN of its spec. */
    public static Optional<Model> of(SameDiffModel plain) {
        return (plain.spec() != null ? EagerCnn.of(plain.graph(), plain.spec())
                : EagerCnn.of(plain.graph(), plain.numClasses())).map(e -> new EagerModel(plain, e));
    }

    @Override
    public String id() {
        return plain.id();
    }

    @Override
    public InputShape inputShape() {
        return plain.inputShape();
    }

    @Override
    public int numClasses() {
        return plain.numClasses();
    }

    @Override
    public INDArray logits(INDArray x) {
        return eager.logits(cast(x));
    }

    @Override
    public Gradient gradient(INDArray x, Loss loss) {
        INDArray[] r;
        if (loss instanceof Loss.CrossEntropy ce) {
            r = eager.gradient(cast(x), ce.labels(), null);
        } else if (loss instanceof Loss.Linear lin) {
            r = eager.gradient(cast(x), null, lin.weights());
        } else {
            throw new IllegalArgumentException("unsupported loss " + loss);
        }
        return new Gradient(r[0], r[1], r[2]);
    }

    @Override
    public INDArray features(INDArray x) {
        return plain.features(x);
    }

    @Override
    public Optional<FirstConvLayer> firstConv() {
        return plain.firstConv();
    }

    @Override
    public void close() {
        plain.close();
    }

    private INDArray cast(INDArray x) {
        InputShape s = plain.inputShape();
        long[] sh = x.shape();
        if (sh.length != 4 || sh[0] < 1 || sh[1] != s.channels() || sh[2] != s.height() || sh[3] != s.width()) {
            throw new org.sparsebench.api.ConfigException("model " + id() + ": input shape "
                    + java.util.Arrays.toString(sh) + " does not match [N, " + s.channels() + ", " + s.height() + ", "
                    + s.width() + "]");
        }
        return x.dataType() == dtype ? x : x.castTo(dtype);
    }
}
