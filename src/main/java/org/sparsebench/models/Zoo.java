package org.sparsebench.models;

import java.util.Map;
import java.util.TreeMap;
import org.sparsebench.api.ConfigException;

/** The architectures the project trains, by id. */
public final class Zoo {
    private static final Map<String, CnnSpec> SPECS = new TreeMap<>(Map.of("relu-cnn", CnnSpec.reluCnn()));

    private Zoo() {
    }

    /** The spec of a zoo architecture; {@link ConfigException} listing the known ids otherwise. */
    public static CnnSpec spec(String id) {
        CnnSpec s = SPECS.get(id);
        if (s == null) {
            throw new ConfigException("unknown architecture \"" + id + "\"; known: " + String.join(", ", SPECS.keySet()));
        }
        return s;
    }
}
