package org.sparsebench.api;

/**
 * What reporters may use besides the results: the plugins (e.g. to redraw example corruptions) and
 * the datasets by id. Both may be unavailable (null) when a report is rebuilt from a results file
 * alone; sections must then skip what needs them.
 */
public record ReportContext(Plugins plugins, SuiteContext.DatasetResolver datasets) {
    public static ReportContext resultsOnly() {
        return new ReportContext(null, null);
    }
}
