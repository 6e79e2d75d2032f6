package org.sparsebench.suites.support;

import java.util.List;
import org.sparsebench.api.Params;
import org.sparsebench.api.Plugins;
import org.sparsebench.api.Suite;
import org.sparsebench.api.SuiteFactory;

/**
 * A suite factory whose suite builds on the other suites of the same suite file (the anomaly suite
 * scores the noise and adversarial suites' perturbed images). The suite-file reader creates these
 * after every other entry and passes those, in file order; siblings of this kind do not see each other.
 */
public interface SiblingSuiteFactory extends SuiteFactory {

    /** Builds the suite from its entry and the file's other suites; {@code ConfigException} on bad values. */
    Suite create(Params params, Plugins plugins, List<Suite> siblings);

    /** Without siblings (a suite built on its own). */
    @Override
    default Suite create(Params params, Plugins plugins) {
        return create(params, plugins, List.of());
    }
}
