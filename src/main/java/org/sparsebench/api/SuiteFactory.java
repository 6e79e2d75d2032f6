package org.sparsebench.api;

/**
 * A test-suite family (noise, adversarial, anomaly) discovered by ServiceLoader. The runner hands it
 * one entry of a suite file; it returns the configured {@link Suite}.
 */
public interface SuiteFactory extends Plugin {

    /** Builds the suite from its suite-file entry; throws {@link ConfigException} on bad values. */
    Suite create(Params params, Plugins plugins);
}
