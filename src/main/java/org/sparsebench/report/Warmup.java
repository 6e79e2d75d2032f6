package org.sparsebench.report;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Loads and initializes, on a daemon thread, what the report's first chart, image and page pay for
 * once per process (JFreeChart, JFreeSVG, the AWT font set-up, ImageIO's PNG writer, the Mustache
 * templates): started while the run evaluates, it takes that one-off cost out of the report phase at
 * the end. Touches no state the report's output depends on (charts are a function of their inputs;
 * their ids come from a content hash); a failure is left to surface when the report draws for real.
 */
public final class Warmup {
    private Warmup() {
    }

    /** Starts the warm-up thread and returns at once. */
    public static Thread start() {
        Thread t = new Thread(Warmup::run, "sparsebench-report-warmup");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
        return t;
    }

    static void run() {
        try {
            Charts.Series s = new Charts.Series("warm-up", new double[] {0, 1}, new double[] {0.5, 1},
                    new double[] {0.4, 0.9}, new double[] {0.6, 1});
            Charts.line("warm-up", "x", "y", List.of(s), new double[] {0, 1}, true, 120, 90);
            Charts.paths("warm-up", "x", "y", List.of(s), new double[] {0, 1}, true, 120, 90);
            ImageIO.write(new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB), "png", new ByteArrayOutputStream());
            for (String template : List.of("index.html.mustache", "noise.mustache", "adversarial.mustache",
                    "anomaly.mustache", "sparse.mustache", "charts.mustache", "table.mustache", "leaderboard.mustache")) {
                Templates.render(template, Map.of());
            }
        } catch (IOException | RuntimeException | LinkageError e) {
            // the report meets it again, with its own message
        }
    }
}
