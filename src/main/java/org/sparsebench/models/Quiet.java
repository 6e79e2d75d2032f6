package org.sparsebench.models;

import java.io.OutputStream;
import java.io.PrintStream;

/**
 * Runs SameDiff calls that print to {@code System.out} unconditionally (M2.1's gradient-function
 * builder prints "Added differentiated op …" per op) with standard output muted, so the CLI's own
 * output stays readable. Process-wide: callers are the model-building paths, not hot loops.
 */
final class Quiet {
    private static final PrintStream NULL = new PrintStream(OutputStream.nullOutputStream());

    private Quiet() {
    }

    static synchronized void run(Runnable r) {
        PrintStream out = System.out;
        System.setOut(NULL);
        try {
            r.run();
        } finally {
            System.setOut(out);
        }
    }
}
