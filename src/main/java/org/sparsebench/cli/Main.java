package org.sparsebench.cli;

import java.io.IOException;
import java.io.PrintWriter;
import org.sparsebench.api.ConfigException;
import org.sparsebench.run.Manifest;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point: parses the command line and maps every failure to one line and an exit status. */
@Command(name = "sparsebench", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Robustness benchmark for image classifiers: noise, adversarial and anomaly suites.",
        subcommands = {RunCommand.class, TrainCommand.class, ListCommand.class, ValidateCommand.class,
            CompareCommand.class, ExportCommand.class, PowerCommand.class, LeaderboardCommand.class, BenchCommand.class,
            CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the CLI with the given streams and returns the exit status (for tests). */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        // Unknown command or option: the message, picocli's suggestion, then the usage - always.
        cli.setParameterExceptionHandler((ex, params) -> {
            err.println("sparsebench: " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
            ex.getCommandLine().usage(err);
            err.flush();
            return ExitCodes.USAGE;
        });
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            err.println("sparsebench: " + message(e));
            if (System.getenv("SPARSEBENCH_DEBUG") != null) {
                e.printStackTrace(err);
            }
            err.flush();
            return exitCode(e);
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "missing command: run, train, list, validate, compare, export or power");
    }

    static int exitCode(Throwable e) {
        if (e instanceof ConfigException c) {
            return switch (c.kind()) {
                case CONFIG -> ExitCodes.BAD_INPUT;
                case DATA -> ExitCodes.BAD_DATA;
                case MODEL -> ExitCodes.BAD_MODEL;
                case PLUGIN -> ExitCodes.BAD_PLUGIN;
            };
        }
        if (e instanceof IOException || e instanceof java.io.UncheckedIOException) {
            return ExitCodes.IO;
        }
        return ExitCodes.INTERNAL;
    }

    static String message(Throwable e) {
        if (e instanceof ConfigException) {
            return e.getMessage();
        }
        if (e instanceof IOException || e instanceof java.io.UncheckedIOException) {
            return "I/O error: " + e.getMessage();
        }
        return "internal error: " + e + " (set SPARSEBENCH_DEBUG=1 for the stack trace)";
    }

    /** {@code --version}. */
    public static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"sparsebench " + Manifest.version(), "Java " + System.getProperty("java.version")
                    + ", ND4J 1.0.0-M2.1 (oneDNN backend)"};
        }
    }
}
