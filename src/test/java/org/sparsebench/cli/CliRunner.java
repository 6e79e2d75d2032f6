package org.sparsebench.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the CLI in-process and captures its exit status, stdout and stderr. */
record CliRunner(int status, String out, String err) {
    static CliRunner run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        java.io.PrintStream oldErr = System.err;
        java.io.ByteArrayOutputStream progress = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(progress, true));
        try {
            int status = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
            return new CliRunner(status, out.toString(), err + progress.toString());
        } finally {
            System.setErr(oldErr);
        }
    }
}
