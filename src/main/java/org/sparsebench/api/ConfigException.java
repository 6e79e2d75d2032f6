package org.sparsebench.api;

/**
 * A mistake in user input (suite file, model manifest, data file, option). The message is the one
 * line the user sees; it names the file or field and what was expected.
 */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
