package org.sparsebench.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparsebench.api.Gradient;
import org.sparsebench.api.InputShape;
import org.sparsebench.api.Loss;
import org.sparsebench.api.Model;
import org.sparsebench.api.ModelProvider;

/**
 * Test-only provider of {@code nan-model}, a model whose logits are all NaN. It lists the model only
 * when the models folder holds a file {@code nan-model.test}, so ordinary runs never see it.
 */
public final class NanModelProvider implements ModelProvider {
    static final String ID = "nan-model";

    @Override
    public String name() {
        return "test-nan";
    }

    @Override
    public String description() {
        return "test-only: a model returning NaN logits";
    }

    @Override
    public Map<String, String> models(Path modelsDir) {
        return Files.exists(modelsDir.resolve(ID + ".test")) ? Map.of(ID, "returns NaN logits") : Map.of();
    }

    @Override
    public Model load(String id, Path modelsDir) {
        return new Model() {
            private final InputShape shape = new InputShape(1, 28, 28);

            @Override
            public String id() {
                return ID;
            }

            @Override
            public InputShape inputShape() {
                return shape;
            }

            @Override
            public int numClasses() {
                return 10;
            }

            @Override
            public INDArray logits(INDArray x) {
                return Nd4j.valueArrayOf(new long[] {x.size(0), 10}, Double.NaN, DataType.FLOAT);
            }

            @Override
            public Gradient gradient(INDArray x, Loss loss) {
                return new Gradient(logits(x), Nd4j.valueArrayOf(new long[] {x.size(0)}, Double.NaN, DataType.FLOAT),
                        Nd4j.valueArrayOf(x.shape(), Double.NaN, DataType.FLOAT));
            }

            @Override
            public INDArray features(INDArray x) {
                return logits(x);
            }
        };
    }

    @Override
    public String fingerprint(String id, Path modelsDir) {
        return "nan-model-v1";
    }
}
