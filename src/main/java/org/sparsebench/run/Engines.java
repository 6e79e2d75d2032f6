package org.sparsebench.run;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.sparsebench.api.ConfigException;
import org.sparsebench.api.Suggest;

/** Finds the {@link Engine} that {@code --engine} names, with {@link ServiceLoader}. */
public final class Engines {
    private Engines() {
    }

    /** The engines on the class path (and in plugin jars seen by {@code loader}), by name. */
    public static Map<String, Engine> all(ClassLoader loader) {
        Map<String, Engine> out = new LinkedHashMap<>();
        try {
            for (Engine e : ServiceLoader.load(Engine.class, loader)) {
                out.putIfAbsent(e.name(), e);
            }
        } catch (ServiceConfigurationError | LinkageError e) {
            throw ConfigException.plugin("an engine failed to load: " + e.getMessage(), e);
        }
        return out;
    }

    /** The engine named {@code name}; a {@link ConfigException} naming what to install when it is missing. */
    public static Engine find(String name, ClassLoader loader) {
        Map<String, Engine> all = all(loader);
        Engine e = all.get(name);
        if (e != null) {
            return e;
        }
        if ("spark".equals(name)) {
            throw new ConfigException("--engine spark: the Spark engine is not on the class path; build it with"
                    + " 'mvn -B -q install -DskipTests && mvn -B -q -f sparsebench-spark/pom.xml package -DskipTests'"
                    + " and start ./sparsebench-spark/run (README: Running on Apache Spark)");
        }
        String hint = Suggest.closest(name, all.keySet());
        throw new ConfigException("--engine: unknown engine '" + name + "'" + (hint == null ? "" : " (did you mean '"
                + hint + "'?)") + "; available: " + String.join(", ", new java.util.TreeSet<>(all.keySet())));
    }
}
