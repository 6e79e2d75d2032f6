package org.sparsebench.run;

import java.nio.file.Path;
import java.util.List;

/**
 * Where things are and what the command line overrides.
 *
 * @param suiteFile   the suite file to run
 * @param reportsDir  parent of the run folders and of {@code latest}
 * @param modelsDir   the model checkpoints
 * @param dataDir     the embedded data
 * @param trainDir    the training data (Fashion-MNIST train IDX files)
 * @param pluginPaths extra plugin jars or folders of jars
 * @param seed        overrides the suite file's seed when not null
 * @param limit       overrides the suite file's limit when not null
 * @param models      overrides the suite file's models when not null or empty
 * @param batch       overrides the batch size when not null
 * @param quiet       no progress output
 */
public record RunOptions(Path suiteFile, Path reportsDir, Path modelsDir, Path dataDir, Path trainDir,
        List<Path> pluginPaths, Long seed, Integer limit, List<String> models, Integer batch, boolean quiet) {
}
