package org.sparsebench.report;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparsebench.api.ConditionResult;
import org.sparsebench.api.Corruption;
import org.sparsebench.api.Dataset;
import org.sparsebench.api.Metric;
import org.sparsebench.api.ReportContext;
import org.sparsebench.api.ReportSection;
import org.sparsebench.api.Seeds;
import org.sparsebench.stats.ProportionInterval;

/**
 * Noise family: accuracy vs severity per corruption (one chart per model), the metrics table, and
 * a strip of one test image at every severity of every corruption.
 */
public final class NoiseSection implements ReportSection {

    @Override
    public String name() {
        return "noise-section";
    }

    @Override
    public String description() {
        return "report section of the noise family: accuracy-vs-severity charts and example strips";
    }

    @Override
    public String family() {
        return "noise";
    }

    @Override
    public List<Headline> headlines(SuiteResults suite) {
        List<Headline> out = new ArrayList<>();
        for (Map.Entry<String, List<ConditionResult>> e : Sections.byModel(suite.results()).entrySet()) {
            long correct = 0;
            long n = 0;
            for (ConditionResult r : e.getValue()) {
                if ("clean".equals(r.condition())) {
                    out.add(new Headline(e.getKey(), "clean accuracy", r.metrics().get("accuracy")));
                } else {
                    Metric a = r.metrics().get("accuracy");
                    correct += Math.round(a.value() * a.n());
                    n += a.n();
                }
            }
            if (n > 0) {
                // Pooled over corruption × severity; the Wilson interval treats the pooled trials as independent.
                out.add(new Headline(e.getKey(), suite.suite() + ": mean corrupted accuracy",
                        ProportionInterval.wilson(correct, n, 0.95)));
            }
        }
        return out;
    }

    @Override
    public String render(SuiteResults suite, ReportContext context) {
        List<Map<String, String>> charts = new ArrayList<>();
        List<String> corruptions = new ArrayList<>();
        for (Map.Entry<String, List<ConditionResult>> e : Sections.byModel(suite.results()).entrySet()) {
            ConditionResult clean = e.getValue().stream().filter(r -> "clean".equals(r.condition())).findFirst()
                    .orElse(null);
            Map<String, List<ConditionResult>> byCorruption = new LinkedHashMap<>();
            for (ConditionResult r : e.getValue()) {
                if (!"clean".equals(r.condition())) {
                    byCorruption.computeIfAbsent(String.valueOf(r.params().get("corruption")), k -> new ArrayList<>())
                            .add(r);
                }
            }
            List<Charts.Series> series = new ArrayList<>();
            for (Map.Entry<String, List<ConditionResult>> c : byCorruption.entrySet()) {
                if (!corruptions.contains(c.getKey())) {
                    corruptions.add(c.getKey());
                }
                List<ConditionResult> pts = new ArrayList<>(c.getValue());
                if (clean != null) {
                    pts.add(0, clean);
                }
                series.add(Sections.series(c.getKey(), pts, r -> ((Number) r.params().get("severity")).doubleValue(),
                        "accuracy"));
            }
            charts.add(Map.of("svg", Charts.line(e.getKey() + ": accuracy vs severity", "severity (0 = clean)",
                    "accuracy", series, new double[] {0, 1}, false, 540, 340)));
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("charts", charts);
        view.put("table", MetricTable.render(suite.results()));
        List<Map<String, Object>> strips = strips(suite, context, corruptions);
        view.put("strips", strips);
        view.put("hasStrips", !strips.isEmpty());
        return Templates.render("noise.mustache", view);
    }

    /** One row per corruption: the first evaluated test image at severities 0..5. */
    private static List<Map<String, Object>> strips(SuiteResults suite, ReportContext ctx, List<String> corruptions) {
        List<Map<String, Object>> rows = new ArrayList<>();
        if (ctx.plugins() == null || ctx.datasets() == null || suite.results().isEmpty()) {
            return rows;
        }
        Object dataInfo = suite.manifest().get("data");
        if (!(dataInfo instanceof Map<?, ?> info) || info.get("id") == null) {
            return rows;
        }
        Dataset data = ctx.datasets().resolve(String.valueOf(info.get("id")));
        int index = suite.results().get(0).samples().ints("index")[0];
        long seed = ((Number) suite.manifest().getOrDefault("seed", 0L)).longValue();
        INDArray x = data.images(new int[] {index});
        for (String name : corruptions) {
            Corruption c = ctx.plugins().get(Corruption.class, name, "report");
            List<Map<String, String>> images = new ArrayList<>();
            images.add(Map.of("src", png(x), "alt", name + " severity 0"));
            for (int s = 1; s <= 5; s++) {
                INDArray y = c.apply(x, s, new long[] {Seeds.of(seed, name + "/" + s, index)});
                images.add(Map.of("src", png(y), "alt", name + " severity " + s));
            }
            rows.add(Map.of("name", name, "images", images));
        }
        return rows;
    }

    /** A data: URI of the first image of the batch as PNG (grey or RGB, values in [0, 1]). */
    static String png(INDArray x) {
        int c = (int) x.size(1);
        int h = (int) x.size(2);
        int w = (int) x.size(3);
        float[] v = x.dup('c').data().asFloat();
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                int r = byteOf(v[(0 * h + i) * w + j]);
                int g = c >= 3 ? byteOf(v[(1 * h + i) * w + j]) : r;
                int b = c >= 3 ? byteOf(v[(2 * h + i) * w + j]) : r;
                img.setRGB(j, i, (r << 16) | (g << 8) | b);
            }
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(img, "png", out);
            return "data:image/png;base64," + Base64.getEncoder().encodeToString(out.toByteArray());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static int byteOf(float f) {
        return Math.max(0, Math.min(255, Math.round(f * 255)));
    }
}
