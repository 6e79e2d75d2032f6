package org.sparsebench.api;

import java.nio.file.Path;
import java.util.Map;

/** Supplies models by id (the zoo's checkpoints, users' DL4J zips, remote registries…). */
public interface ModelProvider extends Plugin {

    /** Model id to one-line description, for models found under {@code modelsDir}. */
    Map<String, String> models(Path modelsDir);

    /** Loads a model listed by {@link #models}; {@link ConfigException} if it is unusable. */
    Model load(String id, Path modelsDir);

    /** SHA-256 of what defines the model (checkpoint bytes), for manifests and cache keys. */
    String fingerprint(String id, Path modelsDir);
}
