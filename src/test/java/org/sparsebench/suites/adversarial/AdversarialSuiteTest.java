package org.sparsebench.suites.adversarial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sparsebench.api.Condition;
import org.sparsebench.api.ConditionResult;
import org.sparsebench.api.Dataset;
import org.sparsebench.api.InputShape;
import org.sparsebench.api.Metric;
import org.sparsebench.api.Model;
import org.sparsebench.api.ReportContext;
import org.sparsebench.api.ReportSection;
import org.sparsebench.api.SuiteContext;
import org.sparsebench.api.SuiteSummary;
import org.sparsebench.report.AdversarialSection;
import org.sparsebench.testing.LinearModel;
import org.sparsebench.testing.TinyData;

/**
 * The suite around the attacks: the ensemble's cumulative table (non-increasing, ending at its robust
 * accuracy, equal to a recount of the per-sample {@code broken_at} column), minimal-perturbation
 * metrics, cost counters, and the report section showing the audit's flags next to the numbers.
 */
class AdversarialSuiteTest {
    private static final InputShape SHAPE = new InputShape(1, 8, 8);

    private static List<ConditionResult> run(Model model, Dataset data, AdversarialSuite suite) {
        SuiteContext ctx = new SuiteContext(data, java.util.stream.IntStream.range(0, data.size()).toArray(), 1, 16,
                id -> data, n -> { });
        List<ConditionResult> out = new ArrayList<>();
        for (Condition c : suite.conditions()) {
            out.add(suite.evaluate(model, c, ctx));
        }
        return out;
    }

    @Test
    void ensembleReportsTheCumulativeWorstCaseAfterEachAttack() {
        Dataset data = TinyData.random("tiny", SHAPE, 40, 10, 2);
        Model model = LinearModel.random("lin", SHAPE, 10, 8);
        AutoAttack aa = new AutoAttack(Norms.LINF, List.of("fgsm", "apgd-ce", "deepfool"), List.of(new Fgsm(Norms.LINF),
                new Apgd(Norms.LINF, Apgd.Kind.CE, 10, 1, 1, 0), new DeepFool(Norms.LINF, 20, 0.02)));
        AdversarialSuite suite = new AdversarialSuite("adversarial", List.of(
                new AdversarialSuite.Entry("autoattack", aa, List.of(0.01)),
                new AdversarialSuite.Entry("deepfool", new DeepFool(Norms.LINF, 20, 0.02), List.of(0.01))), Map.of(), null);
        List<ConditionResult> results = run(model, data, suite);
        ConditionResult ens = results.get(0);
        int[] broken = ens.samples().ints("broken_at");
        double previous = ens.metrics().get("clean_accuracy").value();
        List<String> stages = List.of("fgsm", "apgd-ce", "deepfool");
        for (int s = 1; s <= 3; s++) {
            Metric m = ens.metrics().get("robust_accuracy@" + s + "-" + stages.get(s - 1));
            int robust = 0;
            for (int b : broken) {
                robust += b == -1 || b > s ? 1 : 0;
            }
            assertEquals(robust / 40.0, m.value(), 1e-12);
            assertTrue(m.value() <= previous, "cumulative accuracy never rises");
            previous = m.value();
        }
        assertEquals(previous, ens.metrics().get("robust_accuracy").value(), 1e-12);
        assertTrue(ens.metrics().get("gradient_evaluations").value() >= 1, "FGSM alone costs one gradient per sample");

        ConditionResult df = results.get(1);
        double[] minimal = df.samples().doubles("minimal_perturbation");
        double[] sorted = java.util.Arrays.stream(minimal).filter(d -> d > 0).sorted().toArray();
        assertEquals(40, minimal.length);
        assertTrue(df.metrics().get("median_minimal_perturbation").value() >= sorted[0]);

        List<SuiteSummary> sums = suite.summarize(results);
        assertEquals(List.of("ensemble/linf/0.01"), sums.stream().map(SuiteSummary::name).toList());
        assertEquals(ens.metrics().get("robust_accuracy@3-deepfool"), sums.get(0).metrics().get("robust_accuracy@3-deepfool"));
    }

    @Test
    void reportShowsFlagsNextToTheQuestionedNumbersAndExampleImages() {
        Dataset data = TinyData.random("tiny", SHAPE, 32, 10, 9);
        Model model = new QuantizedModel(LinearModel.random("lin", SHAPE, 10, 4), 4);
        AdversarialSuite suite = new AdversarialSuite("adversarial", List.of(
                new AdversarialSuite.Entry("fgsm", new Fgsm(Norms.LINF), List.of(0.1)),
                new AdversarialSuite.Entry("pgd", new Pgd(Norms.LINF, 5), List.of(0.1))), Map.of(),
                new GradientMaskingAudit.Settings(32, 5, List.of(0.5, 1.0)));
        List<ConditionResult> results = run(model, data, suite);
        String html = new AdversarialSection().render(new ReportSection.SuiteResults("adversarial", "adversarial",
                results, Map.of()), ReportContext.resultsOnly());
        assertTrue(html.contains("⚠ masked-gradients"), html);
        assertTrue(html.contains("data:image/png;base64,"), "example images");
        assertTrue(html.contains("pgd-linf/0.1"), "per-attack row");
    }
}
