package org.sparsebench.api;

/**
 * Anything discovered through {@link java.util.ServiceLoader}: a stable name that suite files and
 * the CLI refer to, and a one-line description for {@code sparsebench list}. Implementations need a
 * public no-argument constructor.
 */
public interface Plugin {

    /** Identifier used in suite files, e.g. {@code fgsm}; lower-case, hyphenated. */
    String name();

    /** One line for {@code sparsebench list}. */
    String description();
}
