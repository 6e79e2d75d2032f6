package org.sparsebench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Charts are reproducible: the same chart is the same bytes; two charts of a page do not share definition ids. */
class ChartsTest {
    private static final Pattern CLIP = Pattern.compile("clipPath id='([^']+)'");

    private static String chart(String title, double y) {
        return Charts.line(title, "severity", "accuracy",
                List.of(Charts.Series.of("a", new double[] {0, 1, 2}, new double[] {0.9, y, 0.5})), new double[] {0, 1},
                false, 420, 300);
    }

    @Test
    void sameChartSameBytesOtherChartOtherIds() {
        String a = chart("model: noise", 0.7);
        assertEquals(a, chart("model: noise", 0.7));
        Matcher ma = CLIP.matcher(a);
        Matcher mb = CLIP.matcher(chart("model: noise", 0.6));
        ma.find();
        mb.find();
        assertNotEquals(ma.group(1), mb.group(1), "clip-path ids of two charts inlined in one page");
    }
}
