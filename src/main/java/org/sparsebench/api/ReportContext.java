package org.sparsebench.api;

/**
 * What reporters may use besides the results: the plugins (e.g. to redraw example corruptions), the
 * datasets by id, and the regression gate's verdicts. Each may be unavailable (null) - plugins and
 * datasets when a report is rebuilt from a results file alone, the gate when the run was not given
 * one; reporters must then skip what needs them.
 */
public record ReportContext(Plugins plugins, SuiteContext.DatasetResolver datasets, GateVerdicts gate) {

    /** A context without a gate. */
    public ReportContext(Plugins plugins, SuiteContext.DatasetResolver datasets) {
        this(plugins, datasets, null);
    }

    public static ReportContext resultsOnly() {
        return new ReportContext(null, null);
    }

    /** This context with the gate's verdicts. */
    public ReportContext withGate(GateVerdicts verdicts) {
        return new ReportContext(plugins, datasets, verdicts);
    }
}
