package org.sparsebench.suites.noise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sparsebench.api.Columns;
import org.sparsebench.api.ConditionResult;
import org.sparsebench.api.ConfigException;
import org.sparsebench.api.Metric;
import org.sparsebench.api.Params;
import org.sparsebench.api.Plugins;
import org.sparsebench.api.SuiteSummary;

/**
 * CE, mCE and relative mCE (Hendrycks &amp; Dietterich 2019) on hand-made error tables, 10 samples each.
 * Wrong predictions per condition:
 * <pre>
 *              clean  a/1  a/2  b/1  b/2
 *   base         1     2    4    3    5
 *   model        0     1    2    4    4
 * </pre>
 * By hand: CE_a = (1+2)/(2+4) = 0.5, CE_b = (4+4)/(3+5) = 1, mCE = 0.75;
 * relative CE_a = (1+2 − 2·0)/(2+4 − 2·1) = 3/4, relative CE_b = (8 − 0)/(8 − 2) = 4/3,
 * relative mCE = (3/4 + 4/3)/2 = 25/24.
 */
class CorruptionErrorsTest {
    private static final int N = 10;

    private static ConditionResult result(String model, String corruption, int severity, int wrong, boolean reversed) {
        int[] index = new int[N];
        int[] correct = new int[N];
        for (int i = 0; i < N; i++) {
            index[i] = reversed ? 100 + N - 1 - i : 100 + i;
            correct[i] = (index[i] - 100) < wrong ? 0 : 1; // samples 100.. 100+wrong-1 are the wrong ones
        }
        String condition = severity == 0 ? "clean" : corruption + "/" + severity;
        double acc = 1 - wrong / (double) N;
        return new ConditionResult(model, "noise", "noise", condition, Map.of("corruption", corruption, "severity",
                severity), Map.of("accuracy", Metric.point(acc, N)), new Columns().ints("index", index)
                .ints("correct", correct), 0);
    }

    static List<ConditionResult> table(boolean reverseModelOrder) {
        List<ConditionResult> r = new ArrayList<>();
        int[][] wrong = {{1, 2, 4, 3, 5}, {0, 1, 2, 4, 4}};
        String[] models = {"base", "model"};
        for (int m = 0; m < 2; m++) {
            boolean rev = reverseModelOrder && m == 1;
            r.add(result(models[m], "clean", 0, wrong[m][0], rev));
            r.add(result(models[m], "a", 1, wrong[m][1], rev));
            r.add(result(models[m], "a", 2, wrong[m][2], rev));
            r.add(result(models[m], "b", 1, wrong[m][3], rev));
            r.add(result(models[m], "b", 2, wrong[m][4], rev));
        }
        return r;
    }

    private static SuiteSummary find(List<SuiteSummary> all, String model, String name) {
        return all.stream().filter(s -> s.model().equals(model) && s.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void matchesTheHandComputedTable() {
        for (boolean reversed : new boolean[] {false, true}) {
            // Reversed: the model's records list the samples in the opposite order; pairing is by index.
            List<SuiteSummary> s = CorruptionErrors.summarize("noise", "base", table(reversed));
            assertEquals(0.5, find(s, "model", "CE/a").metrics().get("CE").value(), 1e-12);
            assertEquals(1.0, find(s, "model", "CE/b").metrics().get("CE").value(), 1e-12);
            assertEquals(0.75, find(s, "model", "CE/a").metrics().get("relative_CE").value(), 1e-12);
            assertEquals(4 / 3.0, find(s, "model", "CE/b").metrics().get("relative_CE").value(), 1e-12);
            assertEquals(0.15, find(s, "model", "CE/a").metrics().get("error").value(), 1e-12); // (1+2)/20
            SuiteSummary mce = find(s, "model", "mCE");
            assertEquals(0.75, mce.metrics().get("mCE").value(), 1e-12);
            assertEquals(25 / 24.0, mce.metrics().get("relative_mCE").value(), 1e-12);
            assertEquals(0.0, mce.metrics().get("clean_error").value(), 1e-12);
            assertEquals("base", mce.params().get("baseline"));
            assertEquals(List.of("a", "b"), mce.params().get("corruptions"));
            // The baseline against itself: exactly 1, and — resampled jointly — an interval of width 0.
            Metric self = find(s, "base", "mCE").metrics().get("mCE");
            assertEquals(1.0, self.value(), 0);
            assertEquals(1.0, self.lower(), 0);
            assertEquals(1.0, self.upper(), 0);
        }
    }

    @Test
    void intervalsAreSeededAndContainTheEstimate() {
        List<SuiteSummary> a = CorruptionErrors.summarize("noise", "base", table(false));
        List<SuiteSummary> b = CorruptionErrors.summarize("noise", "base", table(false));
        Metric m = find(a, "model", "mCE").metrics().get("mCE");
        assertEquals(m, find(b, "model", "mCE").metrics().get("mCE"), "same records, same interval");
        assertTrue(m.hasInterval() && m.lower() <= m.value() && m.value() <= m.upper(), m.toString());
        assertEquals(0.95, m.level(), 0);
        assertEquals(N, m.n());
    }

    @Test
    void theSameResultsSummarizedAgainGiveTheRememberedSummariesAndOtherResultsAFreshOne() {
        // The run and the report's noise section summarize the same result objects: the second call
        // returns the first answer; a different argument in between is computed, not mixed up.
        List<ConditionResult> t = table(false);
        List<SuiteSummary> first = CorruptionErrors.summarize("noise", "base", t);
        List<SuiteSummary> other = CorruptionErrors.summarize("noise", "model", t);
        assertEquals(List.of("base", "model"), other.stream().map(SuiteSummary::model).distinct().toList());
        assertTrue(!first.equals(other), "another baseline, other summaries");
        List<SuiteSummary> again = CorruptionErrors.summarize("noise", "base", new ArrayList<>(t));
        assertEquals(first, again);
        assertTrue(again == CorruptionErrors.summarize("noise", "base", t), "remembered, not recomputed");
        // equal to a computation on fresh, equal-valued records (which are other objects: not remembered)
        assertEquals(first, CorruptionErrors.summarize("noise", "base", table(false)));
    }

    @Test
    void aMissingBaselineIsReportedNotFatal() {
        List<ConditionResult> onlyModel = table(false).stream().filter(r -> r.model().equals("model")).toList();
        List<SuiteSummary> s = CorruptionErrors.summarize("noise", "relu-cnn", onlyModel);
        assertEquals(1, s.size());
        SuiteSummary only = s.get(0);
        assertTrue(String.valueOf(only.params().get("note")).contains("'relu-cnn' did not run"));
        assertFalse(only.metrics().containsKey("mCE"));
        // Unnormalized mean error over corruptions: ((1+2)/20 + (4+4)/20)/2 = 0.275.
        assertEquals(0.275, only.metrics().get("mean_error").value(), 1e-12);
    }

    @Test
    void resultsWithoutPerSampleRecordsGetANoteInstead() {
        ConditionResult bare = new ConditionResult("model", "noise", "noise", "clean", Map.of("corruption", "clean",
                "severity", 0), Map.of("accuracy", Metric.point(0.9, N)), new Columns(), 0);
        List<SuiteSummary> s = CorruptionErrors.summarize("noise", "model", List.of(bare));
        assertTrue(String.valueOf(s.get(0).params().get("note")).contains("per-sample records"));
        assertTrue(s.get(0).metrics().isEmpty());
    }

    @Test
    void suiteFileNamesTheBaseline() {
        Plugins plugins = new Plugins() {
            @Override
            public <T extends org.sparsebench.api.Plugin> T get(Class<T> kind, String name, String where) {
                return kind.cast(new GaussianNoise());
            }

            @Override
            public <T extends org.sparsebench.api.Plugin> List<T> all(Class<T> kind) {
                return List.of(kind.cast(new GaussianNoise()));
            }
        };
        NoiseSuiteFactory f = new NoiseSuiteFactory();
        NoiseSuite byDefault = (NoiseSuite) f.create(new Params("suite.yaml: suites[0]", Map.of("type", "noise")), plugins);
        assertEquals("relu-cnn", byDefault.baseline());
        NoiseSuite named = (NoiseSuite) f.create(new Params("suite.yaml: suites[0]", Map.of("type", "noise",
                "baseline", "sparse-cnn", "corruptions", List.of("gaussian-noise"), "severities", List.of(1, 3))), plugins);
        assertEquals("sparse-cnn", named.baseline());
        assertEquals(3, named.conditions().size());
        ConfigException e = assertThrows(ConfigException.class, () -> f.create(new Params("suite.yaml: suites[0]",
                Map.of("type", "noise", "baseline", " ")), plugins));
        assertTrue(e.getMessage().startsWith("suite.yaml: suites[0].baseline:"), e.getMessage());
    }
}
