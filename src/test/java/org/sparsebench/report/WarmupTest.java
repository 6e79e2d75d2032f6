package org.sparsebench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The report warm-up runs beside the evaluation and must not change what the report draws: a chart
 * drawn before it, after it and while it runs is the same bytes (the expected value is the chart drawn
 * first, in this JVM), and the thread it starts is a daemon that ends by itself.
 */
class WarmupTest {

    private static String chart() {
        Charts.Series s = new Charts.Series("model", new double[] {0, 1, 2}, new double[] {0.9, 0.7, 0.4},
                new double[] {0.85, 0.6, 0.3}, new double[] {0.95, 0.8, 0.5});
        return Charts.line("accuracy vs severity", "severity", "accuracy", List.of(s), new double[] {0, 1}, false,
                420, 300);
    }

    @Test
    void chartsAreTheSameBytesBeforeDuringAndAfterTheWarmUp() throws InterruptedException {
        String before = chart();
        Thread t = Warmup.start();
        assertTrue(t.isDaemon(), "never keeps the JVM alive");
        String during = chart();
        t.join(60_000);
        assertFalse(t.isAlive(), "the warm-up ends by itself");
        assertEquals(before, during);
        assertEquals(before, chart());
        Warmup.run(); // a second warm-up in the same JVM is harmless too
        assertEquals(before, chart());
    }
}
