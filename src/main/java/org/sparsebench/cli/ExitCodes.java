package org.sparsebench.cli;

/** Exit statuses of every command, in one place (documented in the README). */
public final class ExitCodes {
    /** Finished; results written. */
    public static final int OK = 0;
    /** An internal error (a bug): please report it with the stack trace from {@code SPARSEBENCH_DEBUG=1}. */
    public static final int INTERNAL = 1;
    /** Unknown command or option, bad option value syntax. */
    public static final int USAGE = 2;
    /** Bad configuration: suite file (YAML, keys, values), options, unknown ids. Nothing was published. */
    public static final int BAD_INPUT = 3;
    /** The run finished and was published, but some conditions failed (e.g. non-finite logits). */
    public static final int PARTIAL = 4;
    /** An I/O error writing outputs (disk full, permissions). */
    public static final int IO = 5;
    /** Stopped by --max-minutes: the completed part is saved as partial and can be resumed. */
    public static final int BUDGET = 6;
    /** Bad data: a data file missing, unreadable, corrupt, or not matching the model. Nothing was published. */
    public static final int BAD_DATA = 7;
    /** Bad model: a checkpoint or manifest missing, corrupt, unsafe, or incompatible. Nothing was published. */
    public static final int BAD_MODEL = 8;
    /** A plugin jar or class failed to load. Nothing was published. */
    public static final int BAD_PLUGIN = 9;
    /**
     * {@code compare --gate}, {@code run --gate}: a gated metric is worse beyond its tolerance and
     * significantly so; {@code run} returns it after the run is published (the same number as
     * {@link #INTERNAL}; the CI convention, like {@code diff}).
     */
    public static final int GATE_FAILED = 1;
    /**
     * {@code compare}: the inputs cannot be compared (missing/corrupt file, other schema, different
     * datasets, bad gate file); the same number as {@link #USAGE}.
     */
    public static final int UNUSABLE_INPUT = 2;
    /** Interrupted (Ctrl-C). */
    public static final int INTERRUPTED = 130;

    private ExitCodes() {
    }
}
