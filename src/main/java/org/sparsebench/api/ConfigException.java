package org.sparsebench.api;

/**
 * A mistake in user input. The message is the one line the user sees; it names the file or field
 * and what was expected. The {@link Kind} selects the exit status, so scripts can tell a bad suite
 * file from a corrupt data file or an unusable model.
 */
public class ConfigException extends RuntimeException {

    /** What kind of input was wrong. */
    public enum Kind {
        /** Suite file, command-line option, unknown id, out-of-range value. */
        CONFIG,
        /** A data file: missing, unreadable, corrupt, or not matching the model. */
        DATA,
        /** A model checkpoint or manifest: missing, corrupt, unsafe, or incompatible. */
        MODEL,
        /** A plugin jar or class that fails to load. */
        PLUGIN
    }

    private final Kind kind;

    public ConfigException(String message) {
        this(Kind.CONFIG, message, null);
    }

    public ConfigException(String message, Throwable cause) {
        this(Kind.CONFIG, message, cause);
    }

    public ConfigException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public static ConfigException data(String message) {
        return new ConfigException(Kind.DATA, message, null);
    }

    public static ConfigException data(String message, Throwable cause) {
        return new ConfigException(Kind.DATA, message, cause);
    }

    public static ConfigException model(String message) {
        return new ConfigException(Kind.MODEL, message, null);
    }

    public static ConfigException model(String message, Throwable cause) {
        return new ConfigException(Kind.MODEL, message, cause);
    }

    public static ConfigException plugin(String message, Throwable cause) {
        return new ConfigException(Kind.PLUGIN, message, cause);
    }

    public Kind kind() {
        return kind;
    }
}
