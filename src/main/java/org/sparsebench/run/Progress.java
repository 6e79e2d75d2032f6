package org.sparsebench.run;

import java.io.PrintStream;
import java.time.Duration;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of a run in samples done out of a known total: a progress bar (with ETA) on a terminal,
 * a log line every ten seconds otherwise (CI logs), nothing when quiet.
 */
public final class Progress implements AutoCloseable {
    private static final long LOG_EVERY_NANOS = 10_000_000_000L;

    private final PrintStream out;
    private final long total;
    private final boolean quiet;
    private final ProgressBar bar;
    private final long start = System.nanoTime();
    private long done;
    private long lastLog;
    private String label = "";

    public Progress(PrintStream out, long total, boolean terminal, boolean quiet) {
        this.out = out;
        this.total = Math.max(1, total);
        this.quiet = quiet;
        this.lastLog = start;
        this.bar = quiet || !terminal ? null : new ProgressBarBuilder().setTaskName("sparsebench").setInitialMax(this.total)
                .setStyle(ProgressBarStyle.ASCII).setUnit(" img", 1).setConsumer(new ConsoleProgressBarConsumer(out))
                .setUpdateIntervalMillis(250).build();
    }

    /** What is being worked on, shown beside the bar. */
    public synchronized void label(String label) {
        this.label = label;
        if (bar != null) {
            bar.setExtraMessage(" " + label);
        }
    }

    public synchronized void advance(long n) {
        done += n;
        if (bar != null) {
            bar.stepBy(n);
            return;
        }
        long now = System.nanoTime();
        if (!quiet && now - lastLog >= LOG_EVERY_NANOS) {
            lastLog = now;
            log(now);
        }
    }

    /** Final state. */
    @Override
    public synchronized void close() {
        if (bar != null) {
            bar.stepTo(total);
            bar.close();
        } else if (!quiet) {
            done = total;
            log(System.nanoTime());
        }
    }

    private void log(long now) {
        double frac = Math.min(1.0, (double) done / total);
        long elapsed = now - start;
        String eta = frac > 0 && frac < 1 ? ", ETA " + fmt((long) (elapsed / frac - elapsed)) : "";
        out.printf("[progress] %3d%% (%d/%d images), elapsed %s%s  %s%n", Math.round(frac * 100), done, total,
                fmt(elapsed), eta, label);
        out.flush();
    }

    static String fmt(long nanos) {
        Duration d = Duration.ofNanos(nanos);
        return String.format("%d:%02d:%02d", d.toHours(), d.toMinutesPart(), d.toSecondsPart());
    }
}
