package org.sparsebench.suites.anomaly;

import org.sparsebench.api.ConfigException;
import org.sparsebench.api.OodScore;
import org.sparsebench.api.Params;

/**
 * An OOD score with parameters a suite file may set, e.g. {@code {name: energy, temperature: 2}}.
 * The plugin instance holds the defaults.
 */
public interface ConfigurableScore extends OodScore {

    /**
     * A copy configured from the suite-file entry (keys other than {@code name}); reads its keys through
     * {@code params} so unknown keys are reported, and throws {@link org.sparsebench.api.ConfigException}
     * for bad values.
     */
    OodScore configure(Params params);

    /** A positive finite number under {@code key}, or {@code fallback} when absent. */
    static double positive(Params p, String key, double fallback) {
        double v = p.number(key, fallback);
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new ConfigException(p.where() + "." + key + ": expected a positive number, got " + v);
        }
        return v;
    }
}
