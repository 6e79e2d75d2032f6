package org.sparsebench.suites.anomaly;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.sparsebench.api.Condition;
import org.sparsebench.api.ConditionResult;
import org.sparsebench.api.ConfigException;
import org.sparsebench.api.InputShape;
import org.sparsebench.api.Metric;
import org.sparsebench.api.Model;
import org.sparsebench.api.OodScore;
import org.sparsebench.api.Seeds;
import org.sparsebench.api.Suite;
import org.sparsebench.api.SuiteContext;
import org.sparsebench.api.SuiteSummary;
import org.sparsebench.data.ImageDataset;
import org.sparsebench.run.PluginRegistry;
import org.sparsebench.run.RunSpec;
import org.sparsebench.run.SuiteFile;
import org.sparsebench.stats.Auroc;
import org.sparsebench.suites.adversarial.AdversarialSuite;
import org.sparsebench.suites.adversarial.Fgsm;
import org.sparsebench.suites.adversarial.Pgd;
import org.sparsebench.suites.noise.GaussianNoise;
import org.sparsebench.suites.noise.NoiseSuite;
import org.sparsebench.suites.support.Batches;
import org.sparsebench.suites.support.PerturbingSuite;
import org.sparsebench.testing.LinearModel;
import org.sparsebench.testing.TinyData;

/**
 * Detection of the run's perturbed inputs (issue 6, item 4): the anomaly suite finds the noise and
 * adversarial suites of its file, makes bit-for-bit the images they make, and scores clean vs perturbed.
 */
class PerturbedInputsTest {
    private static final PluginRegistry PLUGINS = PluginRegistry.load(List.of());
    private static final long SEED = 42;
    private final InputShape shape = new InputShape(1, 5, 5);
    private final ImageDataset data = TinyData.random("in", shape, 90, 3, 1);
    private final LinearModel model = LinearModel.random("lin", shape, 3, 4);
    private final int[] evaluated = IntStream.range(0, 90).filter(i -> i % 2 == 0).toArray(); // 45 samples

    private SuiteContext ctx(ImageDataset d, int batch) {
        return new SuiteContext(d, evaluated, SEED, batch, id -> TinyData.random("mnist-test", shape, 60, 2, 2),
                n -> { });
    }

    private static RunSpec read(String anomalyExtra) {
        String yaml = """
                seed: 42
                suites:
                  - type: anomaly
                    out: [mnist-test]
                    scores: [msp, energy]
                    bootstrap: 0
                %s
                  - type: noise
                    corruptions: [gaussian-noise, contrast]
                    severities: [1, 3]
                  - type: adversarial
                    attacks:
                      - {attack: fgsm, norm: linf, epsilons: [0, 0.1]}
                      - {attack: pgd, norm: linf, steps: 3, epsilons: [0.1]}
                    audit: false
                """.formatted(anomalyExtra.isEmpty() ? "" : "    " + anomalyExtra);
        return SuiteFile.read(yaml.getBytes(StandardCharsets.UTF_8), "t.yaml", PLUGINS);
    }

    private static List<String> ids(Suite s) {
        return s.conditions().stream().map(Condition::id).toList();
    }

    @Test
    void suiteFileWiresTheOtherSuitesOfTheFile() {
        // Default (from-run): the highest severity per corruption and every attack x epsilon, after the OOD sets,
        // although the anomaly entry comes first in the file.
        RunSpec spec = read("");
        assertEquals(List.of("anomaly", "noise", "adversarial"), spec.suites().stream().map(Suite::id).toList());
        Suite a = spec.suites().get(0);
        assertEquals(List.of("mnist-test/msp", "mnist-test/energy",
                "noise/gaussian-noise/3/msp", "noise/gaussian-noise/3/energy",
                "noise/contrast/3/msp", "noise/contrast/3/energy",
                "adversarial/fgsm-linf/0.0/msp", "adversarial/fgsm-linf/0.0/energy",
                "adversarial/fgsm-linf/0.1/msp", "adversarial/fgsm-linf/0.1/energy",
                "adversarial/pgd-linf/0.1/msp", "adversarial/pgd-linf/0.1/energy"), ids(a));
        Map<String, Object> p = a.conditions().get(10).params();
        assertEquals("perturbed", p.get("group"));
        assertEquals("adversarial/pgd-linf/0.1", p.get("source"));
        assertEquals("adversarial", p.get("source_family"));
        assertEquals(0.1, ((Map<?, ?>) p.get("source_params")).get("epsilon"));
        assertFalse(((Map<?, ?>) p.get("source_params")).containsKey("entry"));
        assertEquals(ids(a), ids(read("").suites().get(0)), "rebuilt from the same bytes: same conditions");

        assertEquals(List.of("mnist-test/msp", "mnist-test/energy"), ids(read("perturbations: false").suites().get(0)));
        assertEquals(4, ids(read("perturbations: [noise]").suites().get(0)).size() - 2);
        assertEquals(ids(a), ids(read("perturbations: from-run").suites().get(0)));
        List<String> capped = ids(read("perturbations: {severities: all, epsilons: [0.1]}").suites().get(0));
        assertEquals(2 + 2 * (4 + 2), capped.size());
        assertTrue(capped.contains("noise/contrast/1/msp") && !capped.contains("adversarial/fgsm-linf/0.0/msp"));
        assertEquals(2 + 2 * 2, ids(read("perturbations: {suites: [noise], severities: [1]}").suites().get(0)).size());
        // Only perturbed inputs: out may be empty then.
        RunSpec only = SuiteFile.read("""
                suites:
                  - {type: noise, corruptions: [contrast], severities: [5]}
                  - {type: anomaly, out: [], scores: [msp]}
                """.getBytes(StandardCharsets.UTF_8), "o.yaml", PLUGINS);
        assertEquals(List.of("noise/contrast/5/msp"), ids(only.suites().get(1)));
    }

    @Test
    void configErrorsAreOneLine() {
        assertEquals("t.yaml.suites[0].perturbations[0]: unknown suite 'noize' (did you mean 'noise'?); suites of this "
                + "file with perturbed inputs: noise, adversarial",
                assertThrows(ConfigException.class, () -> read("perturbations: [noize]")).getMessage());
        assertEquals("t.yaml.suites[0].perturbations.severities[0]: no noise suite of this file runs severity 4; they "
                + "run [1, 3]", assertThrows(ConfigException.class,
                        () -> read("perturbations: {severities: [4]}")).getMessage());
        assertEquals("t.yaml.suites[0].perturbations.epsilons[0]: no adversarial suite of this file attacks at 0.3; "
                + "they use [0.0, 0.1]", assertThrows(ConfigException.class,
                        () -> read("perturbations: {epsilons: [0.3]}")).getMessage());
        for (String bad : List.of("perturbations: maybe", "perturbations: {severities: top}",
                "perturbations: {severity: 5}", "perturbations: {suites: [anomaly]}")) {
            String m = assertThrows(ConfigException.class, () -> read(bad)).getMessage();
            assertFalse(m.contains("\n"), m);
            assertTrue(m.startsWith("t.yaml.suites[0].perturbations"), m);
        }
        // Without noise/adversarial suites in the file, naming one is an error, from-run selects nothing.
        ConfigException e = assertThrows(ConfigException.class, () -> new AnomalySuiteFactory().create(
                new org.sparsebench.api.Params("x.yaml: suites[0]", Map.of("perturbations", List.of("noise"))), PLUGINS));
        assertEquals("x.yaml: suites[0].perturbations[0]: unknown suite 'noise'; suites of this file with perturbed "
                + "inputs: none (add a noise or adversarial suite)", e.getMessage());
    }

    /** The perturbed images of {@code set}, and the same images made independently batch by batch. */
    @Test
    void noiseImagesAreBitIdenticalToTheNoiseSuites() {
        RunSpec spec = read("perturbations: {severities: all}");
        AnomalySuite a = (AnomalySuite) spec.suites().get(0);
        NoiseSuite noise = (NoiseSuite) spec.suites().get(1);
        Condition c = noise.conditions().stream().filter(x -> x.id().equals("gaussian-noise/3")).findFirst().orElseThrow();
        SuiteContext ctx = ctx(data, 16);
        PerturbedSet.Drawn d = new PerturbedSet(noise, c).draw(model, ctx);
        for (int b = 0; b < Batches.count(evaluated.length, 16); b++) {
            int[] idx = Batches.batch(evaluated, b, 16);
            // Independent: the corruption plugin with the noise suite's documented stream <name>/<severity>.
            INDArray expected = new GaussianNoise().apply(data.images(idx), 3, Seeds.of(SEED, "gaussian-noise/3", idx));
            assertArrayEquals(expected.data().asFloat(),
                    d.images().get(NDArrayIndex.interval(b * 16, b * 16 + idx.length)).dup().data().asFloat());
        }
        // The noise suite's own predictions on its corrupted images equal the perturbed rows' predictions.
        ConditionResult byNoise = noise.evaluate(model, c, ctx);
        ConditionResult byAnomaly = a.evaluate(model, condition(a, "noise/gaussian-noise/3/msp"), ctx);
        assertArrayEquals(byNoise.samples().ints("prediction"), perturbedRows(byAnomaly, "prediction"));
        assertArrayEquals(evaluated, perturbedRows(byAnomaly, "index"));
        // And the near-OOD set {corruption: gaussian-noise, severity: 3} is the very same images.
        INDArray near = TransformedOodSet.corrupted(new GaussianNoise(), 3, OodSet.Group.NEAR).draw(ctx, 45).images()
                .get(0, 45);
        assertArrayEquals(near.data().asFloat(), d.images().dup().data().asFloat());
    }

    @Test
    void adversarialExamplesAreBitIdenticalToTheAdversarialSuites() {
        Pgd pgd = new Pgd("linf", 3); // random start: the per-sample seeds matter
        AdversarialSuite adv = new AdversarialSuite("adversarial", List.of(new AdversarialSuite.Entry("pgd", pgd,
                List.of(0.1))), Map.of());
        Condition c = adv.perturbations().get(0);
        assertEquals("pgd-linf/0.1", c.id());
        SuiteContext ctx = ctx(data, 16);
        PerturbedSet.Drawn d = new PerturbedSet(adv, c).draw(model, ctx);
        for (int b = 0; b < Batches.count(evaluated.length, 16); b++) {
            int[] idx = Batches.batch(evaluated, b, 16);
            // Independent: the attack with the adversarial suite's stream Seeds.of(seed, condition id, index).
            INDArray expected = new Pgd("linf", 3).run(model, data.images(idx), data.labels(idx), 0.1,
                    Seeds.of(SEED, "pgd-linf/0.1", idx));
            assertArrayEquals(expected.data().asFloat(),
                    d.images().get(NDArrayIndex.interval(b * 16, b * 16 + idx.length)).dup().data().asFloat());
        }
        // The adversarial suite's per-sample perturbation norms and predictions are those of these images.
        ConditionResult r = adv.evaluate(model, c, ctx);
        float[] clean = data.images(evaluated).data().asFloat();
        float[] perturbed = d.images().dup().data().asFloat();
        double[] linf = new double[evaluated.length];
        for (int i = 0; i < perturbed.length; i++) {
            linf[i / shape.size()] = Math.max(linf[i / shape.size()], Math.abs(perturbed[i] - clean[i]));
        }
        assertArrayEquals(r.samples().doubles("perturbation"), linf);
        assertArrayEquals(r.samples().ints("prediction"), d.perturbedPrediction());
    }

    @Test
    void unchangedImagesGiveAurocOneHalfForEveryScore() {
        // FGSM at epsilon 0 returns the images unchanged: in and out are the same multiset of scores, so the
        // Mann-Whitney AUROC is exactly 1/2 whatever the score (every pair is mirrored or tied).
        AnomalySuite a = (AnomalySuite) read("").suites().get(0);
        for (String score : List.of("msp", "energy")) {
            ConditionResult r = a.evaluate(model, condition(a, "adversarial/fgsm-linf/0.0/" + score), ctx(data, 16));
            assertEquals(0.5, r.metrics().get("auroc").value(), 0.0, score);
            assertEquals(0.0, r.metrics().get("successful_examples").value(), 0.0);
            assertNull(r.metrics().get("auroc_successful"));
            assertEquals("not computed: 0 successful adversarial examples", r.params().get("auroc_successful"));
            assertEquals(90, r.samples().rows());
        }
    }

    /** A fake detector: minus the spread (max − min) of the pixels, i.e. the size of a perturbation of a flat image. */
    static final class SpreadScore implements OodScore {
        @Override
        public String name() {
            return "spread";
        }

        @Override
        public String description() {
            return "test: -(max - min) of the pixels";
        }

        @Override
        public double[] score(Model m, INDArray x) {
            INDArray flat = x.reshape(x.size(0), -1);
            return flat.max(1).sub(flat.min(1)).neg().castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE)
                    .toDoubleVector();
        }
    }

    @Test
    void aScoreEqualToThePerturbationSizeSeparatesPerfectly() {
        // Flat grey images (every pixel 128/255): clean spread 0, any corruption or FGSM step makes it > 0,
        // so every clean sample outranks every perturbed one: AUROC 1, no perturbed image accepted at 95% TPR.
        byte[] px = new byte[90 * shape.size()];
        Arrays.fill(px, (byte) 128);
        ImageDataset grey = new ImageDataset("grey", shape, 3, px, IntStream.range(0, 90).map(i -> i % 3).toArray());
        RunSpec spec = read("");
        List<PerturbedSet> sets = List.of(
                new PerturbedSet((PerturbingSuite) spec.suites().get(1), spec.suites().get(1).conditions().get(2)),
                new PerturbedSet((PerturbingSuite) spec.suites().get(2), spec.suites().get(2).conditions().get(1)));
        AnomalySuite a = new AnomalySuite("anomaly", List.of(), sets, List.of(new SpreadScore()), FitSplit.defaults(),
                0, null, Map.of());
        assertEquals(List.of("noise/gaussian-noise/3/spread", "adversarial/fgsm-linf/0.1/spread"), ids(a));
        for (Condition c : a.conditions()) {
            ConditionResult r = a.evaluate(model, c, ctx(grey, 16));
            assertEquals(1.0, r.metrics().get("auroc").value(), 0.0, c.id());
            assertEquals(0.0, r.metrics().get("fpr95_in_positive").value(), 0.0, c.id());
            assertEquals(0.0, r.metrics().get("fpr95_ood_positive").value(), 0.0, c.id());
        }
    }

    @Test
    void successfulAdversarialExamplesAreTheAdversarialSuitesSuccesses() {
        AdversarialSuite adv = new AdversarialSuite("adversarial", List.of(new AdversarialSuite.Entry("fgsm",
                new Fgsm("linf"), List.of(0.3))), Map.of());
        AnomalySuite a = new AnomalySuite("anomaly", List.of(), List.of(new PerturbedSet(adv, adv.perturbations().get(0))),
                List.of(new MaxSoftmaxScore()), FitSplit.defaults(), 0, null, Map.of());
        SuiteContext ctx = ctx(data, 16);
        ConditionResult r = a.evaluate(model, a.conditions().get(0), ctx);
        ConditionResult attacked = adv.evaluate(model, adv.perturbations().get(0), ctx);
        // The adversarial suite's success rate counts successes among the clean-correct samples.
        Metric asr = attacked.metrics().get("attack_success_rate");
        long k = Math.round(asr.value() * asr.n());
        assertTrue(k >= 2, "the test needs successful examples: " + k);
        assertEquals(k, (long) r.metrics().get("successful_examples").value());
        // Recount from the columns: rows i (clean) and n + i (its adversarial copy).
        int n = evaluated.length;
        int[] label = r.samples().ints("label");
        int[] pred = r.samples().ints("prediction");
        double[] s = r.samples().doubles("score");
        List<Integer> hit = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (pred[i] == label[i] && pred[n + i] != label[i]) {
                hit.add(i);
            }
        }
        assertEquals(k, hit.size());
        Metric expected = Auroc.delong(hit.stream().mapToDouble(i -> s[i]).toArray(),
                hit.stream().mapToDouble(i -> s[n + i]).toArray(), 0.95);
        Metric got = r.metrics().get("auroc_successful");
        assertEquals(new Metric(expected.value(), expected.lower(), expected.upper(), 0.95, AnomalySuite.SUBSET_METHOD,
                2L * k), got);
        // The memo of perturbed images does not change results: a fresh suite gives the same condition.
        AnomalySuite fresh = new AnomalySuite("anomaly", List.of(), List.of(new PerturbedSet(adv,
                adv.perturbations().get(0))), List.of(new MaxSoftmaxScore()), FitSplit.defaults(), 0, null, Map.of());
        assertArrayEquals(s, fresh.evaluate(model, fresh.conditions().get(0), ctx(data, 16)).samples().doubles("score"));
    }

    @Test
    void summariesKeepPerturbedInputsApartFromNearAndFarOod() {
        AnomalySuite a = (AnomalySuite) read("").suites().get(0);
        List<ConditionResult> rs = new ArrayList<>();
        for (Condition c : a.conditions()) {
            rs.add(a.evaluate(model, c, ctx(data, 16)));
        }
        List<SuiteSummary> sums = a.summarize(rs);
        SuiteSummary far = summary(sums, "far-ood/msp");
        assertEquals(rs.get(0).metrics().get("auroc").value(), far.metrics().get("mean_auroc").value(), 1e-12);
        SuiteSummary noise = summary(sums, "perturbed-noise/msp");
        assertEquals((rs.get(2).metrics().get("auroc").value() + rs.get(4).metrics().get("auroc").value()) / 2,
                noise.metrics().get("mean_auroc").value(), 1e-12);
        assertEquals(3, summary(sums, "perturbed-adversarial/energy").metrics().get("mean_auroc").n());
        summary(sums, "delong/adversarial/pgd-linf/0.1/energy-vs-msp");
    }

    private static SuiteSummary summary(List<SuiteSummary> sums, String name) {
        return sums.stream().filter(x -> x.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no summary " + name));
    }

    private static Condition condition(Suite s, String id) {
        return s.conditions().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
    }

    private static int[] perturbedRows(ConditionResult r, String column) {
        int[] v = r.samples().ints(column);
        int[] ood = r.samples().ints("ood");
        return IntStream.range(0, v.length).filter(i -> ood[i] == 1).map(i -> v[i]).toArray();
    }
}
