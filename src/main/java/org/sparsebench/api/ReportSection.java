package org.sparsebench.api;

import java.util.List;

/**
 * Renders the part of the HTML report that belongs to one suite family (charts, tables, example
 * images). Discovered by ServiceLoader; the HTML reporter uses the section whose {@link #family()}
 * matches a suite, and a plain metrics table for families without one.
 */
public interface ReportSection extends Plugin {

    /** The suite family this section renders: {@code noise}, {@code adversarial}, {@code anomaly}… */
    String family();

    /**
     * An HTML fragment for one suite: no scripts, no external resources (inline SVG and data: URIs
     * are fine). Every value taken from results or files must be HTML-escaped.
     */
    String render(SuiteResults suite, ReportContext context);

    /** Headline numbers per model for the report's summary table, e.g. mean corrupted accuracy. */
    default List<Headline> headlines(SuiteResults suite) {
        return List.of();
    }

    /** One suite's results (all models, all conditions), with the run manifest. */
    record SuiteResults(String suite, String family, List<ConditionResult> results, java.util.Map<String, Object> manifest) {
    }

    /** A summary-table cell: model, column label (e.g. {@code noise: mean acc}), value with interval. */
    record Headline(String model, String label, Metric metric) {
    }
}
