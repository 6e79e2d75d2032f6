package org.sparsebench.suites.adversarial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sparsebench.api.Columns;
import org.sparsebench.api.Condition;
import org.sparsebench.api.ConditionResult;
import org.sparsebench.api.Dataset;
import org.sparsebench.api.InputShape;
import org.sparsebench.api.Metric;
import org.sparsebench.api.Model;
import org.sparsebench.api.SuiteContext;
import org.sparsebench.api.SuiteSummary;
import org.sparsebench.stats.ProportionInterval;
import org.sparsebench.testing.LinearModel;
import org.sparsebench.testing.TinyData;

/**
 * The audit on a model known to mask gradients (input quantization: zero gradients, {@link QuantizedModel})
 * must raise flags; on the committed relu-cnn (a plain ReLU CNN, no masking) it must raise none; and
 * each cross-condition check fires on synthetic results exactly when its rule says.
 */
class GradientMaskingAuditTest {

    private static List<SuiteSummary> run(Model model, Dataset data, int[] idx, AdversarialSuite suite) {
        SuiteContext ctx = new SuiteContext(data, idx, 42, 64, id -> data, n -> { });
        List<ConditionResult> results = new ArrayList<>();
        for (Condition c : suite.conditions()) {
            results.add(suite.evaluate(model, c, ctx));
        }
        return suite.summarize(results);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, String>> flags(List<SuiteSummary> summaries) {
        SuiteSummary audit = summaries.stream().filter(s -> s.name().equals("audit")).findFirst().orElseThrow();
        return (List<Map<String, String>>) audit.params().get("flags");
    }

    @Test
    void quantizedModelWithZeroGradientsIsFlagged() {
        InputShape shape = new InputShape(1, 8, 8);
        Dataset data = TinyData.random("tiny", shape, 40, 10, 9);
        Model model = new QuantizedModel(LinearModel.random("lin", shape, 10, 4), 4);
        AdversarialSuite suite = new AdversarialSuite("adversarial", List.of(
                new AdversarialSuite.Entry("fgsm", new Fgsm(Norms.LINF), List.of(0.1)),
                new AdversarialSuite.Entry("pgd", new Pgd(Norms.LINF, 5), List.of(0.1))), Map.of(),
                new GradientMaskingAudit.Settings(40, 5, List.of(0.25, 0.5, 1.0)));
        List<Map<String, String>> flags = flags(run(model, data, java.util.stream.IntStream.range(0, 40).toArray(), suite));
        List<String> checks = flags.stream().map(f -> f.get("check")).toList();
        assertTrue(checks.contains("masked-gradients"), flags.toString());
        assertTrue(flags.stream().anyMatch(f -> f.get("evidence").contains("zero on 1.000")), flags.toString());
    }

    @Test
    void reluCnnIsNotFlagged() {
        try (Model model = Cnn.load()) {
            AdversarialSuite suite = new AdversarialSuite("adversarial", List.of(
                    new AdversarialSuite.Entry("fgsm", new Fgsm(Norms.LINF), List.of(0.05, 0.1)),
                    new AdversarialSuite.Entry("pgd", new Pgd(Norms.LINF, 10), List.of(0.05, 0.1))), Map.of(),
                    new GradientMaskingAudit.Settings(64, 10, List.of(0.25, 0.5, 1.0)));
            List<SuiteSummary> sums = run(model, Cnn.data(), Cnn.sample(64), suite);
            assertEquals(List.of(), flags(sums));
            SuiteSummary audit = sums.get(sums.size() - 1);
            assertEquals(0.0, audit.metrics().get("gradient_zero_share").value());
            assertEquals(0.0, audit.metrics().get("unbounded_robust_accuracy@1.0").value());
        }
    }

    private static ConditionResult result(String attack, double eps, int robust, int n) {
        int[] zeros = new int[n];
        Metric acc = ProportionInterval.wilson(robust, n, 0.95);
        return new ConditionResult("m", "adversarial", "adversarial", attack + "-linf/" + eps,
                Map.of("attack", attack, "norm", "linf", "epsilon", eps, "attackConfig", attack),
                Map.of("robust_accuracy", acc), new Columns().ints("label", zeros), 0);
    }

    @Test
    void crossConditionChecksFireOnlyBeyondTheTolerance() {
        // n = 200: tolerance = max(1%, 2/200) = 1 point = 2 samples.
        List<ConditionResult> ok = List.of(result("fgsm", 0.1, 80, 200), result("pgd", 0.1, 82, 200),
                result("pgd", 0.2, 83, 200), result("square", 0.1, 81, 200));
        assertEquals(List.of(), GradientMaskingAudit.flags(ok, 10));
        List<ConditionResult> bad = List.of(result("fgsm", 0.1, 60, 200), result("pgd", 0.1, 80, 200),
                result("pgd", 0.2, 90, 200), result("square", 0.1, 40, 200));
        List<String> checks = GradientMaskingAudit.flags(bad, 10).stream().map(GradientMaskingAudit.Flag::check).toList();
        assertEquals(List.of("single-step-beats-iterative", "black-box-beats-white-box", "non-monotone-in-epsilon"),
                checks);
    }
}
