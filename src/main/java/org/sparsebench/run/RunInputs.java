package org.sparsebench.run;

import java.io.Serializable;

/**
 * Everything a worker needs to rebuild a run's plugins, suites, data and models: the request (seed,
 * limit, models and batch overrides, absolute folders, plugin paths) and the suite file's bytes.
 * Shared by all work units of a run; serializable so that an engine can ship it to other JVMs.
 */
public record RunInputs(RunRequest request, byte[] suiteBytes) implements Serializable {
}
