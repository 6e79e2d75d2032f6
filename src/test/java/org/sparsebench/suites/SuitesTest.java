package org.sparsebench.suites;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.sparsebench.api.Condition;
import org.sparsebench.api.ConditionResult;
import org.sparsebench.api.InputShape;
import org.sparsebench.api.SuiteContext;
import org.sparsebench.data.ImageDataset;
import org.sparsebench.suites.adversarial.AdversarialSuite;
import org.sparsebench.suites.adversarial.Fgsm;
import org.sparsebench.suites.anomaly.AnomalySuite;
import org.sparsebench.suites.anomaly.MaxSoftmaxScore;
import org.sparsebench.suites.noise.GaussianNoise;
import org.sparsebench.suites.noise.NoiseSuite;
import org.sparsebench.suites.support.Predictions;
import org.sparsebench.testing.LinearModel;
import org.sparsebench.testing.TinyData;

class SuitesTest {
    private final InputShape shape = new InputShape(1, 6, 6);
    private final ImageDataset data = TinyData.random("in", shape, 50, 3, 1);
    private final ImageDataset out = TinyData.random("out", shape, 40, 2, 2);
    private final LinearModel model = LinearModel.random("lin", shape, 3, 4);
    private final int[] all = IntStream.range(0, 50).toArray();

    private SuiteContext ctx() {
        return new SuiteContext(data, all, 42, 16, id -> out, n -> { });
    }

    @Test
    void cleanAccuracyIsTheCountOfCorrectPredictions() {
        NoiseSuite suite = new NoiseSuite("noise", List.of(new GaussianNoise()), List.of(1, 5), Map.of());
        assertEquals(List.of("clean", "gaussian-noise/1", "gaussian-noise/5"),
                suite.conditions().stream().map(Condition::id).toList());
        ConditionResult r = suite.evaluate(model, suite.conditions().get(0), ctx());
        int[] pred = Predictions.predict(model, data.images(all));
        long correct = IntStream.range(0, 50).filter(i -> pred[i] == data.label(i)).count();
        assertEquals(correct / 50.0, r.metrics().get("accuracy").value(), 1e-12);
        assertEquals(50, r.samples().rows());
        assertTrue(r.metrics().get("accuracy").hasInterval());
    }

    @Test
    void sameSeedSameNoiseResultsAcrossBatchSizes() {
        NoiseSuite suite = new NoiseSuite("noise", List.of(new GaussianNoise()), List.of(5), Map.of());
        Condition c = suite.conditions().get(1);
        ConditionResult a = suite.evaluate(model, c, ctx());
        ConditionResult b = suite.evaluate(model, c, new SuiteContext(data, all, 42, 7, id -> out, n -> { }));
        org.junit.jupiter.api.Assertions.assertArrayEquals(a.samples().ints("prediction"), b.samples().ints("prediction"));
    }

    @Test
    void robustAccuracyNeverExceedsCleanAccuracyAndZeroEpsilonEqualsClean() {
        AdversarialSuite suite = new AdversarialSuite("adv",
                List.of(new AdversarialSuite.Entry("fgsm", new Fgsm("linf"), List.of(0.0, 0.05, 0.3))), Map.of());
        List<Condition> cs = suite.conditions();
        ConditionResult zero = suite.evaluate(model, cs.get(0), ctx());
        assertEquals(zero.metrics().get("clean_accuracy").value(), zero.metrics().get("robust_accuracy").value(), 1e-12);
        double prev = 1;
        for (Condition c : cs) {
            ConditionResult r = suite.evaluate(model, c, ctx());
            double robust = r.metrics().get("robust_accuracy").value();
            assertTrue(robust <= r.metrics().get("clean_accuracy").value() + 1e-12);
            double maxPerturbation = java.util.Arrays.stream(r.samples().doubles("perturbation")).max().orElse(0);
            assertTrue(maxPerturbation <= ((Number) c.params().get("epsilon")).doubleValue() + 1e-6);
            assertTrue(robust <= prev + 1e-12, "FGSM on a linear model: robust accuracy is monotone here");
            prev = robust;
        }
    }

    @Test
    void aurocOfMspEqualsTheMannWhitneyCount() {
        AnomalySuite suite = new AnomalySuite("ood", List.of("out"), List.of(new MaxSoftmaxScore()), Map.of());
        ConditionResult r = suite.evaluate(model, suite.conditions().get(0), ctx());
        double[] s = r.samples().doubles("score");
        int[] ood = r.samples().ints("ood");
        double pairs = 0;
        double wins = 0;
        for (int i = 0; i < s.length; i++) {
            for (int j = 0; j < s.length; j++) {
                if (ood[i] == 0 && ood[j] == 1) {
                    pairs++;
                    wins += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0;
                }
            }
        }
        assertEquals(50 + 40, s.length);
        assertEquals(wins / pairs, r.metrics().get("auroc").value(), 1e-12);
    }
}
