package org.sparsebench.report;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheFactory;
import java.io.StringWriter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The report's Mustache templates (under {@code org/sparsebench/report/}). Double braces escape
 * HTML; triple braces are used only for fragments this package rendered itself (SVG, sections).
 */
public final class Templates {
    private static final MustacheFactory FACTORY = new DefaultMustacheFactory("org/sparsebench/report");
    private static final Map<String, Mustache> CACHE = new ConcurrentHashMap<>();

    private Templates() {
    }

    public static String render(String template, Object view) {
        StringWriter out = new StringWriter();
        CACHE.computeIfAbsent(template, FACTORY::compile).execute(out, view);
        return out.toString();
    }
}
