package org.sparsebench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sparsebench.compare.Leaderboard;
import org.sparsebench.run.ResultStore;

/**
 * Writes a leaderboard as {@code leaderboard.html} (self-contained, Mustache-escaped),
 * {@code leaderboard.json} and {@code leaderboard.csv} (the same table for other tools).
 */
public final class LeaderboardPage {
    public static final String HTML = "leaderboard.html";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private LeaderboardPage() {
    }

    public static void write(Leaderboard.Table table, String title, Path dir) throws IOException {
        ResultStore.writeAtomically(dir.resolve(HTML),
                Templates.render("leaderboard.mustache", view(table, title)).getBytes(StandardCharsets.UTF_8));
        ResultStore.writeAtomically(dir.resolve("leaderboard.json"), JSON.writeValueAsBytes(json(table)));
        ResultStore.writeAtomically(dir.resolve("leaderboard.csv"), csv(table).getBytes(StandardCharsets.UTF_8));
    }

    static Map<String, Object> view(Leaderboard.Table t, String title) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Leaderboard.Entry e : t.entries()) {
            List<Map<String, Object>> cells = new ArrayList<>();
            for (Leaderboard.Column c : t.columns()) {
                Leaderboard.Cell cell = e.cells().get(c.id());
                cells.add(cell == null ? Map.of("value", "—", "rank", "", "top", false)
                        : Map.of("value", MetricTable.format(cell.metric()), "rank", "#" + cell.rank(), "top",
                                cell.rank() == 1));
            }
            rows.add(Map.of("model", e.model(), "run", e.runId(), "link", e.reportLink() == null ? "" : e.reportLink(),
                    "hasLink", e.reportLink() != null, "meanRank",
                    Double.isNaN(e.meanRank()) ? "" : String.format(Locale.ROOT, "%.2f", e.meanRank()), "cells", cells));
        }
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("title", title);
        v.put("columns", t.columns().stream().map(Leaderboard.Column::label).toList());
        v.put("rows", rows);
        v.put("alpha", t.alpha());
        return v;
    }

    static Map<String, Object> json(Leaderboard.Table t) {
        List<Map<String, Object>> entries = new ArrayList<>();
        for (Leaderboard.Entry e : t.entries()) {
            Map<String, Object> cells = new LinkedHashMap<>();
            e.cells().forEach((k, c) -> cells.put(k, Map.of("value", c.metric().value(), "lower", nan(c.metric().lower()),
                    "upper", nan(c.metric().upper()), "method", c.metric().method(), "n", c.metric().n(), "rank",
                    c.rank())));
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("model", e.model());
            row.put("run", e.runId());
            row.put("report", e.reportLink());
            row.put("meanRank", nan(e.meanRank()));
            row.put("cells", cells);
            entries.add(row);
        }
        List<Map<String, Object>> cols = new ArrayList<>();
        t.columns().forEach(c -> cols.add(Map.of("id", c.id(), "label", c.label(), "better", c.better().id())));
        return Map.of("schema", "sparsebench.leaderboard/1", "alpha", t.alpha(), "columns", cols, "entries", entries);
    }

    static String csv(Leaderboard.Table t) {
        StringBuilder sb = new StringBuilder("model,run,column,value,lower,upper,method,n,rank\n");
        for (Leaderboard.Entry e : t.entries()) {
            for (Leaderboard.Column c : t.columns()) {
                Leaderboard.Cell cell = e.cells().get(c.id());
                if (cell != null) {
                    sb.append(String.join(",", quote(e.model()), quote(e.runId()), quote(c.id()),
                            num(cell.metric().value()), num(cell.metric().lower()), num(cell.metric().upper()),
                            quote(cell.metric().method()), Long.toString(cell.metric().n()),
                            Integer.toString(cell.rank()))).append('\n');
                }
            }
        }
        return sb.toString();
    }

    private static Object nan(double d) {
        return Double.isFinite(d) ? d : null;
    }

    private static String num(double d) {
        return Double.isFinite(d) ? Double.toString(d) : "";
    }

    /** RFC 4180 quoting. */
    private static String quote(String s) {
        return s.matches("[A-Za-z0-9_.:/+-]*") ? s : "\"" + s.replace("\"", "\"\"") + "\"";
    }
}
