package org.sparsebench.run;

import java.nio.file.Path;
import java.util.List;

/**
 * Where things are and what the command line asks for.
 *
 * @param suiteFile   the suite file to run (ignored with {@code resume})
 * @param reportsDir  parent of the run folders, {@code latest} and the cache
 * @param modelsDir   the model checkpoints
 * @param dataDir     the embedded data
 * @param trainDir    the training data (Fashion-MNIST train IDX files)
 * @param pluginPaths extra plugin jars or folders of jars
 * @param seed        overrides the suite file's seed when not null
 * @param limit       overrides the suite file's limit when not null
 * @param models      overrides the suite file's models when not null or empty
 * @param batch       overrides the batch size when not null
 * @param quiet       no progress output
 * @param resume      id of an unfinished run to finish, or null
 * @param useCache    reuse finished conditions from {@code reports/.cache}
 * @param maxMinutes  stop cleanly after this many minutes (partial, resumable), or null
 * @param threads     ND4J/OpenMP threads, or null for the default (all cores)
 */
public record RunOptions(Path suiteFile, Path reportsDir, Path modelsDir, Path dataDir, Path trainDir,
        List<Path> pluginPaths, Long seed, Integer limit, List<String> models, Integer batch, boolean quiet,
        String resume, boolean useCache, Double maxMinutes, Integer threads) {

    /** Options for a plain run: no resume, cache on, no budget, default threads. */
    public RunOptions(Path suiteFile, Path reportsDir, Path modelsDir, Path dataDir, Path trainDir,
            List<Path> pluginPaths, Long seed, Integer limit, List<String> models, Integer batch, boolean quiet) {
        this(suiteFile, reportsDir, modelsDir, dataDir, trainDir, pluginPaths, seed, limit, models, batch, quiet, null,
                true, null, null);
    }
}
