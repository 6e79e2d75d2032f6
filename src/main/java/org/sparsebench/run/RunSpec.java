package org.sparsebench.run;

import java.util.List;
import org.sparsebench.api.Suite;

/**
 * A parsed suite file: what to run ({@code models} × {@code suites} on {@code data}) and how
 * ({@code seed}, {@code limit} samples, {@code batch} size).
 *
 * @param file   the suite file as given
 * @param sha256 hash of the file's bytes (manifest, cache key)
 * @param limit  samples of {@code data} to evaluate, stratified by class; 0 means all
 */
public record RunSpec(String file, String sha256, String name, String description, long seed, List<String> models,
        String data, int limit, int batch, List<Suite> suites) {

    public RunSpec withOverrides(Long seedOverride, Integer limitOverride, List<String> modelsOverride,
            Integer batchOverride) {
        return new RunSpec(file, sha256, name, description, seedOverride != null ? seedOverride : seed,
                modelsOverride != null && !modelsOverride.isEmpty() ? modelsOverride : models, data,
                limitOverride != null ? limitOverride : limit, batchOverride != null ? batchOverride : batch, suites);
    }
}
