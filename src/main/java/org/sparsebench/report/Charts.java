package org.sparsebench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Rectangle;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

/**
 * Line charts as inline SVG: JFreeChart draws onto JFreeSVG's Graphics2D, so the report needs no
 * JavaScript and no network. Each series may carry an interval band.
 */
public final class Charts {
    /** Colour-blind-safe palette (Okabe &amp; Ito 2008). */
    private static final Color[] PALETTE = {new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73),
            new Color(0xCC79A7), new Color(0xE69F00), new Color(0x56B4E9), new Color(0xF0E442), Color.BLACK};

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Charts() {
    }

    /** One line: points (x, y) with optional band [lo, hi] (NaN for none). */
    public record Series(String name, double[] x, double[] y, double[] lo, double[] hi) {
        public static Series of(String name, double[] x, double[] y) {
            double[] nan = new double[x.length];
            java.util.Arrays.fill(nan, Double.NaN);
            return new Series(name, x, y, nan, nan);
        }
    }

    /**
     * A compact SVG line chart for curves with many points (ROC curves, histogram outlines): each series is
     * one path, without point markers or bands. {@code yRange} and {@code diagonal} as in {@link #line}.
     */
    public static String paths(String title, String xLabel, String yLabel, List<Series> series, double[] yRange,
            boolean diagonal, int width, int height) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (Series s : series) {
            XYSeries xy = new XYSeries(s.name(), false, true);
            for (int i = 0; i < s.x().length; i++) {
                xy.add(s.x()[i], s.y()[i]);
            }
            data.addSeries(xy);
        }
        if (diagonal) {
            XYSeries d = new XYSeries("chance", false, true);
            d.add(0, 0);
            d.add(1, 1);
            data.addSeries(d);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(title, xLabel, yLabel, data, PlotOrientation.VERTICAL,
                true, false, false);
        chart.setBackgroundPaint(Color.WHITE);
        chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xDDDDDD));
        plot.setRangeGridlinePaint(new Color(0xDDDDDD));
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        r.setDrawSeriesLineAsPath(true);
        for (int i = 0; i < series.size(); i++) {
            r.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
            r.setSeriesStroke(i, new BasicStroke(1.6f));
        }
        if (diagonal) {
            int d = series.size();
            r.setSeriesPaint(d, Color.GRAY);
            r.setSeriesStroke(d, new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                    new float[] {4f, 4f}, 0f));
        }
        plot.setRenderer(r);
        if (yRange != null) {
            ((NumberAxis) plot.getRangeAxis()).setRange(yRange[0], yRange[1]);
        }
        ((NumberAxis) plot.getDomainAxis()).setAutoRangeIncludesZero(false);
        return svg(chart, width, height, key("paths", title, xLabel, yLabel, series, yRange, diagonal));
    }

    /**
     * An SVG line chart. {@code yRange} fixes the y axis (e.g. 0..1 for accuracies) when non-null;
     * {@code diagonal} draws y = x (ROC curves).
     */
    public static String line(String title, String xLabel, String yLabel, List<Series> series, double[] yRange,
            boolean diagonal, int width, int height) {
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        for (Series s : series) {
            YIntervalSeries ys = new YIntervalSeries(s.name(), false, true);
            for (int i = 0; i < s.x().length; i++) {
                double lo = Double.isNaN(s.lo()[i]) ? s.y()[i] : s.lo()[i];
                double hi = Double.isNaN(s.hi()[i]) ? s.y()[i] : s.hi()[i];
                ys.add(s.x()[i], s.y()[i], lo, hi);
            }
            data.addSeries(ys);
        }
        if (diagonal) {
            YIntervalSeries d = new YIntervalSeries("chance", false, true);
            d.add(0, 0, 0, 0);
            d.add(1, 1, 1, 1);
            data.addSeries(d);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(title, xLabel, yLabel, data, PlotOrientation.VERTICAL,
                true, false, false);
        chart.setBackgroundPaint(Color.WHITE);
        chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xDDDDDD));
        plot.setRangeGridlinePaint(new Color(0xDDDDDD));
        DeviationRenderer r = new DeviationRenderer(true, true);
        for (int i = 0; i < series.size(); i++) {
            Color c = PALETTE[i % PALETTE.length];
            r.setSeriesPaint(i, c);
            r.setSeriesFillPaint(i, c);
            r.setSeriesStroke(i, new BasicStroke(2f));
            r.setSeriesShapesVisible(i, series.get(i).x().length <= 25); // dense curves (ROC) read better bare
        }
        if (diagonal) {
            int d = series.size();
            r.setSeriesPaint(d, Color.GRAY);
            r.setSeriesShapesVisible(d, false);
            r.setSeriesStroke(d, new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                    new float[] {4f, 4f}, 0f));
        }
        r.setAlpha(0.18f);
        plot.setRenderer(r);
        NumberAxis y = (NumberAxis) plot.getRangeAxis();
        if (yRange != null) {
            y.setRange(yRange[0], yRange[1]);
        }
        ((NumberAxis) plot.getDomainAxis()).setAutoRangeIncludesZero(true);
        return svg(chart, width, height, key("line", title, xLabel, yLabel, series, yRange, diagonal));
    }

    /**
     * The chart as an SVG element whose definition ids (clip paths, gradients) are prefixed with a hash
     * of what it shows instead of JFreeSVG's default, the clock: charts of one page still get distinct
     * ids, and the same chart is the same bytes every time it is drawn (so reports are reproducible,
     * whichever reporter draws it, in whichever order).
     */
    private static String svg(JFreeChart chart, int width, int height, String key) {
        SVGGraphics2D g = new SVGGraphics2D(width, height);
        try {
            byte[] h = java.security.MessageDigest.getInstance("SHA-256")
                    .digest((key + "/" + width + "x" + height).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            g.setDefsKeyPrefix("_" + java.util.HexFormat.of().formatHex(h, 0, 6));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        chart.draw(g, new Rectangle(0, 0, width, height));
        return g.getSVGElement();
    }

    private static String key(String kind, String title, String xLabel, String yLabel, List<Series> series,
            double[] yRange, boolean diagonal) {
        StringBuilder b = new StringBuilder(kind).append('\n').append(title).append('\n').append(xLabel)
                .append('\n').append(yLabel).append('\n').append(java.util.Arrays.toString(yRange))
                .append(diagonal);
        for (Series s : series) {
            b.append('\n').append(s.name()).append(java.util.Arrays.toString(s.x()))
                    .append(java.util.Arrays.toString(s.y())).append(java.util.Arrays.toString(s.lo()))
                    .append(java.util.Arrays.toString(s.hi()));
        }
        return b.toString();
    }
}
