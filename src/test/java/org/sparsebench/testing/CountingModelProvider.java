package org.sparsebench.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.sparsebench.api.ForwardingModel;
import org.sparsebench.api.InputShape;
import org.sparsebench.api.Model;
import org.sparsebench.api.ModelProvider;

/**
 * Test-only provider of {@code counting-model}, a seeded {@link LinearModel} that counts how often it
 * is loaded and closed ({@link #LOADS}, {@link #CLOSES}). Lists the model only when the models folder
 * holds a file {@code counting-model.test}, so ordinary runs never see it.
 */
public final class CountingModelProvider implements ModelProvider {
    public static final String ID = "counting-model";
    public static final AtomicInteger LOADS = new AtomicInteger();
    public static final AtomicInteger CLOSES = new AtomicInteger();

    @Override
    public String name() {
        return "test-counting";
    }

    @Override
    public String description() {
        return "test-only: a linear model that counts its loads and closes";
    }

    @Override
    public Map<String, String> models(Path modelsDir) {
        return Files.exists(modelsDir.resolve(ID + ".test")) ? Map.of(ID, "counts loads") : Map.of();
    }

    @Override
    public Model load(String id, Path modelsDir) {
        LOADS.incrementAndGet();
        return new ForwardingModel(LinearModel.random(ID, new InputShape(1, 28, 28), 10, 17)) {
            @Override
            public void close() {
                CLOSES.incrementAndGet();
                super.close();
            }
        };
    }

    @Override
    public String fingerprint(String id, Path modelsDir) {
        return "counting-model-v1";
    }
}
