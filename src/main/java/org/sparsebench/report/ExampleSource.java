package org.sparsebench.report;

import java.util.List;
import java.util.Map;
import org.sparsebench.api.ReportContext;
import org.sparsebench.api.ReportSection.SuiteResults;

/**
 * A family section that draws example images per condition; the Allure reporter attaches them to
 * the condition's test case, drawn by the same code as the HTML report's.
 */
interface ExampleSource {

    /**
     * The example images of each condition of {@code suite}, keyed by {@link #key}; conditions
     * without examples are absent. Empty when the context lacks what the images need (plugins,
     * data).
     */
    Map<String, List<ExampleImage>> examples(SuiteResults suite, ReportContext context);

    static String key(String model, String condition) {
        return model + "\u0000" + condition;
    }
}
