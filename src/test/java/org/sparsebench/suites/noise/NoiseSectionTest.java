package org.sparsebench.suites.noise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sparsebench.api.ReportContext;
import org.sparsebench.api.ReportSection.Headline;
import org.sparsebench.api.ReportSection.SuiteResults;
import org.sparsebench.report.NoiseSection;

/** The report's CE table and mCE headline show the hand-computed values of {@link CorruptionErrorsTest}. */
class NoiseSectionTest {

    private static SuiteResults suite(String baseline) {
        Map<String, Object> manifest = Map.of("suites", Map.of("noise", Map.of("spec", Map.of("baseline", baseline))));
        return new SuiteResults("noise", "noise", CorruptionErrorsTest.table(false), manifest);
    }

    @Test
    void rendersTheCeTableAgainstTheManifestsBaseline() {
        String html = new NoiseSection().render(suite("base"), ReportContext.resultsOnly());
        assertTrue(html.contains("Corruption error relative to base"), "table heading names the baseline");
        // Row a for "model": CE 0.500, relative CE 0.750; the mean row: mCE 0.750, relative mCE 25/24 = 1.042.
        String rowA = html.substring(html.indexOf("<tr><td>a</td>"), html.indexOf("</tr>", html.indexOf("<tr><td>a</td>")));
        assertTrue(rowA.contains(">0.500 [") && rowA.contains(">0.750 ["), rowA);
        String mean = html.substring(html.indexOf("mean (mCE, relative mCE)"));
        assertTrue(mean.contains(">0.750 [") && mean.contains(">1.042 ["), mean);
        assertEquals(2, html.split("<svg", -1).length - 1, "one chart per model for the single corruption group");
    }

    @Test
    void headlineCarriesTheMceAndAMissingBaselineIsSaid() {
        List<Headline> h = new NoiseSection().headlines(suite("base"));
        Headline mce = h.stream().filter(x -> x.model().equals("model") && x.label().equals("noise: mCE vs base"))
                .findFirst().orElseThrow();
        assertEquals(0.75, mce.metric().value(), 1e-12);
        String html = new NoiseSection().render(suite("relu-cnn"), ReportContext.resultsOnly());
        assertTrue(html.contains("did not run"), html);
    }
}
