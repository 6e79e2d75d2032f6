package org.sparsebench.compare;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.sparsebench.api.Metric;
import org.sparsebench.stats.TestResult;

/** Renders a {@link Report} as a text table, Markdown, JSON ({@code sparsebench.compare/1}) or JUnit XML. */
public enum ReportFormat {
    TABLE, MARKDOWN, JSON, JUNIT;

    public static final String JSON_SCHEMA = "sparsebench.compare/1";

    public String render(Report r) {
        return switch (this) {
            case TABLE -> table(r);
            case MARKDOWN -> markdown(r);
            case JSON -> json(r);
            case JUNIT -> junit(r);
        };
    }

    /** One line: PASSED/FAILED (naming the failing metrics) or the plain count. */
    public static String summary(Report r) {
        long tested = r.rows().stream().filter(x -> x.difference().tested()).count();
        String head = r.rows().size() + " comparisons (" + tested + " tested), alpha " + fmt(r.alpha()) + ", "
                + r.correction().id() + " correction";
        if (!r.gated()) {
            return head;
        }
        if (r.passed()) {
            return "gate PASSED: " + head;
        }
        List<String> names = new ArrayList<>();
        for (Row x : r.failures()) {
            names.add(x.id() + " " + signed(x.difference().estimate()) + " (tolerance " + fmt(x.tolerance())
                    + ", adjusted p " + p(x.adjustedP()) + ")");
        }
        return "gate FAILED: " + String.join("; ", names);
    }

    private static final String[] HEAD = {"model", "suite", "condition", "metric", "baseline", "current",
        "diff [interval]", "p", "p adj", "test", "verdict"};

    private static List<String[]> cells(Report r) {
        List<String[]> out = new ArrayList<>();
        for (Row x : r.rows()) {
            TestResult t = x.difference();
            out.add(new String[] {x.model(), x.suite(), x.condition(), x.metric(), metric(x.baseline()),
                metric(x.current()), signed(t.estimate()) + " [" + signed(t.lower()) + ", " + signed(t.upper()) + "]",
                p(t.pValue()), p(x.adjustedP()), t.method(), x.verdict().label()});
        }
        return out;
    }

    private static String table(Report r) {
        List<String[]> rows = cells(r);
        int[] w = new int[HEAD.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = HEAD[i].length();
            for (String[] c : rows) {
                w[i] = Math.max(w[i], c[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append("baseline ").append(r.baselineRun()).append("  vs  current ").append(r.currentRun()).append('\n');
        line(sb, HEAD, w);
        for (String[] c : rows) {
            line(sb, c, w);
        }
        notes(sb, r, "");
        sb.append(summary(r)).append('\n');
        return sb.toString();
    }

    private static void line(StringBuilder sb, String[] c, int[] w) {
        for (int i = 0; i < c.length; i++) {
            sb.append(i == 0 ? "" : "  ").append(String.format(Locale.ROOT, "%-" + w[i] + "s", c[i]));
        }
        sb.setLength(sb.length() - (sb.length() - sb.toString().stripTrailing().length()));
        sb.append('\n');
    }

    private static void notes(StringBuilder sb, Report r, String bullet) {
        int i = 1;
        for (Row x : r.rows()) {
            if (!x.note().isEmpty()) {
                sb.append(bullet).append("note ").append(i++).append(": ").append(x.id()).append(": ").append(x.note())
                        .append('\n');
            }
        }
        for (String n : r.notes()) {
            sb.append(bullet).append("note: ").append(n).append('\n');
        }
    }

    private static String markdown(Report r) {
        StringBuilder sb = new StringBuilder();
        sb.append("### SparseBench comparison: ").append(r.gated() ? (r.passed() ? "gate passed" : "gate FAILED")
                : "baseline vs current").append("\n\n");
        sb.append("Baseline `").append(r.baselineRun()).append("`, current `").append(r.currentRun())
                .append("`; differences are current − baseline with ").append(pct(1 - r.alpha()))
                .append(" intervals; p-values adjusted by ").append(r.correction().id()).append(".\n\n");
        sb.append('|');
        for (String h : HEAD) {
            sb.append(' ').append(h).append(" |");
        }
        sb.append("\n|");
        sb.append("---|".repeat(HEAD.length)).append('\n');
        for (String[] c : cells(r)) {
            sb.append('|');
            for (int i = 0; i < c.length; i++) {
                String v = c[i].replace("|", "\\|");
                sb.append(' ').append(i == c.length - 1 && "FAIL".equals(v) ? "**FAIL**" : v).append(" |");
            }
            sb.append('\n');
        }
        sb.append('\n');
        notes(sb, r, "- ");
        sb.append('\n').append(summary(r)).append('\n');
        return sb.toString();
    }

    private static String json(Report r) {
        ObjectMapper om = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = om.createObjectNode();
        root.put("schema", JSON_SCHEMA);
        root.put("baseline", r.baselineRun());
        root.put("current", r.currentRun());
        root.put("alpha", r.alpha());
        root.put("correction", r.correction().id());
        root.put("gated", r.gated());
        root.put("passed", r.passed());
        ArrayNode rows = root.putArray("rows");
        for (Row x : r.rows()) {
            ObjectNode o = rows.addObject();
            o.put("model", x.model());
            o.put("suite", x.suite());
            o.put("condition", x.condition());
            o.put("metric", x.metric());
            o.set("baseline", metric(om, x.baseline()));
            o.set("current", metric(om, x.current()));
            TestResult t = x.difference();
            ObjectNode d = o.putObject("difference");
            num(d, "value", t.estimate());
            num(d, "lower", t.lower());
            num(d, "upper", t.upper());
            num(d, "level", t.level());
            d.put("method", t.method());
            d.put("n", t.n());
            d.put("paired", x.paired());
            num(o, "p", t.pValue());
            num(o, "pAdjusted", x.adjustedP());
            o.put("better", x.better().id());
            num(o, "tolerance", x.tolerance());
            o.put("verdict", x.verdict().name().toLowerCase(Locale.ROOT));
            o.put("note", x.note());
        }
        ArrayNode notes = root.putArray("notes");
        r.notes().forEach(notes::add);
        root.put("summary", summary(r));
        try {
            return om.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String junit(Report r) {
        StringBuilder cases = new StringBuilder();
        int failures = 0;
        int skipped = 0;
        for (Row x : r.rows()) {
            cases.append("  <testcase classname=\"").append(xml("sparsebench.compare." + x.model() + "." + x.suite()))
                    .append("\" name=\"").append(xml(x.condition() + " " + x.metric())).append("\" time=\"0\">");
            String detail = detail(x);
            if (x.verdict() == Verdict.FAIL) {
                failures++;
                cases.append("\n    <failure message=\"").append(xml(failure(x)))
                        .append("\" type=\"regression\">").append(xml(detail)).append("</failure>\n  ");
            } else if (x.verdict() == Verdict.UNTESTED) {
                skipped++;
                cases.append("\n    <skipped message=\"").append(xml(x.note())).append("\"/>\n  ");
            } else {
                cases.append("\n    <system-out>").append(xml(detail)).append("</system-out>\n  ");
            }
            cases.append("</testcase>\n");
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"sparsebench-compare\" tests=\""
                + r.rows().size() + "\" failures=\"" + failures + "\" errors=\"0\" skipped=\"" + skipped + "\">\n"
                + "  <properties>\n    <property name=\"baseline\" value=\"" + xml(r.baselineRun()) + "\"/>\n"
                + "    <property name=\"current\" value=\"" + xml(r.currentRun()) + "\"/>\n"
                + "    <property name=\"alpha\" value=\"" + fmt(r.alpha()) + "\"/>\n"
                + "    <property name=\"correction\" value=\"" + r.correction().id() + "\"/>\n  </properties>\n"
                + cases + "</testsuite>\n";
    }

    /** One row in one line: both values with intervals, the difference, raw and adjusted p, the test, the note. */
    static String detail(Row x) {
        TestResult t = x.difference();
        return x.metric() + ": baseline " + metric(x.baseline()) + ", current " + metric(x.current())
                + ", difference " + signed(t.estimate()) + " [" + signed(t.lower()) + ", " + signed(t.upper())
                + "], p " + p(t.pValue()) + ", adjusted p " + p(x.adjustedP()) + " (" + t.method() + ")"
                + (x.note().isEmpty() ? "" : "; " + x.note());
    }

    /** Why a failed row failed: how much worse, the tolerance, the adjusted p. */
    static String failure(Row x) {
        return x.metric() + " worse by " + fmt(x.better().worseBy(x.difference().estimate())) + " (tolerance "
                + fmt(x.tolerance()) + "), adjusted p " + p(x.adjustedP());
    }

    private static ObjectNode metric(ObjectMapper om, Metric m) {
        ObjectNode o = om.createObjectNode();
        num(o, "value", m.value());
        num(o, "lower", m.lower());
        num(o, "upper", m.upper());
        num(o, "level", m.level());
        o.put("method", m.method());
        o.put("n", m.n());
        return o;
    }

    private static void num(ObjectNode o, String k, double v) {
        if (Double.isFinite(v)) {
            o.put(k, v);
        } else {
            o.putNull(k);
        }
    }

    private static String metric(Metric m) {
        return m.hasInterval() ? fmt(m.value()) + " [" + fmt(m.lower()) + ", " + fmt(m.upper()) + "]" : fmt(m.value());
    }

    static String fmt(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.4f", v);
    }

    static String signed(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%+.4f", v);
    }

    static String p(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        return v < 1e-4 ? "<0.0001" : String.format(Locale.ROOT, "%.4f", v);
    }

    private static String pct(double level) {
        return String.format(Locale.ROOT, "%.4g%%", level * 100);
    }

    private static String xml(String s) {
        StringBuilder sb = new StringBuilder();
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                default -> {
                    if (ch >= 0x20 || ch == '\n' || ch == '\t') {
                        sb.append(ch);
                    }
                }
            }
        }
        return sb.toString();
    }
}
