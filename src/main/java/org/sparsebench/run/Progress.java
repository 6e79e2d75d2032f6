package org.sparsebench.run;

import java.io.PrintStream;
import java.time.Duration;

/**
 * Progress of a run in samples done out of a known total: a redrawn bar on a terminal, a log line
 * every few seconds otherwise, each with the elapsed time and an ETA.
 */
public final class Progress {
    private static final long LOG_EVERY_NANOS = 10_000_000_000L;
    private static final long DRAW_EVERY_NANOS = 200_000_000L;

    private final PrintStream out;
    private final long total;
    private final boolean terminal;
    private final boolean quiet;
    private final long start = System.nanoTime();
    private long done;
    private long lastPrint;
    private String label = "";

    public Progress(PrintStream out, long total, boolean terminal, boolean quiet) {
        this.out = out;
        this.total = Math.max(1, total);
        this.terminal = terminal;
        this.quiet = quiet;
        this.lastPrint = start;
    }

    /** What is being worked on, shown beside the bar. */
    public synchronized void label(String label) {
        this.label = label;
    }

    public synchronized void advance(long n) {
        done += n;
        long now = System.nanoTime();
        if (quiet || now - lastPrint < (terminal ? DRAW_EVERY_NANOS : LOG_EVERY_NANOS)) {
            return;
        }
        lastPrint = now;
        print(now, false);
    }

    /** Final line. */
    public synchronized void finish() {
        if (!quiet) {
            done = total;
            print(System.nanoTime(), true);
        }
    }

    private void print(long now, boolean last) {
        double frac = Math.min(1.0, (double) done / total);
        long elapsed = now - start;
        String eta = frac > 0 && !last ? " ETA " + fmt((long) (elapsed / frac - elapsed)) : "";
        String line = String.format("%3d%% %s elapsed %s%s  %s", Math.round(frac * 100), bar(frac), fmt(elapsed), eta,
                label);
        if (terminal) {
            out.print("\r" + line + "\u001b[K" + (last ? "\n" : ""));
        } else {
            out.println("[progress] " + line);
        }
        out.flush();
    }

    private static String bar(double frac) {
        int width = 24;
        int full = (int) Math.round(frac * width);
        return "[" + "#".repeat(full) + ".".repeat(width - full) + "]";
    }

    static String fmt(long nanos) {
        Duration d = Duration.ofNanos(nanos);
        return String.format("%d:%02d:%02d", d.toHours(), d.toMinutesPart(), d.toSecondsPart());
    }
}
