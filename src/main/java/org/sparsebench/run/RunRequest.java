package org.sparsebench.run;

import java.util.List;

/**
 * What started a run, as stored in its {@code run.json} so that {@code --resume} repeats exactly the
 * same work: the id, the original suite-file path (the content is copied beside it), the
 * command-line overrides and the folders.
 */
public record RunRequest(String runId, String createdAt, String suiteFile, Long seed, Integer limit,
        List<String> models, Integer batch, String modelsDir, String dataDir, String trainDir, List<String> pluginPaths) {
}
