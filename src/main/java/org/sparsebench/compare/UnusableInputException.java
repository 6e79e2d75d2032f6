package org.sparsebench.compare;

/**
 * The inputs of a comparison cannot be compared: a missing or corrupt file, another schema,
 * different datasets, nothing in common, a bad gate file. The message is the one line the user
 * sees; {@code sparsebench compare} exits with status 2 for it, so CI can tell "regression" (1)
 * from "broken setup" (2).
 */
public class UnusableInputException extends RuntimeException {
    public UnusableInputException(String message) {
        super(message);
    }
}
