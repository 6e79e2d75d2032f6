package org.sparsebench.suites.anomaly;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparsebench.api.Condition;
import org.sparsebench.api.ConditionResult;
import org.sparsebench.api.ConfigException;
import org.sparsebench.api.InputShape;
import org.sparsebench.api.Params;
import org.sparsebench.api.Seeds;
import org.sparsebench.api.SuiteContext;
import org.sparsebench.api.SuiteSummary;
import org.sparsebench.data.ImageDataset;
import org.sparsebench.run.PluginRegistry;
import org.sparsebench.stats.DeLongComparison;
import org.sparsebench.stats.OodMetrics;
import org.sparsebench.suites.noise.GaussianNoise;
import org.sparsebench.testing.LinearModel;
import org.sparsebench.testing.TinyData;

class AnomalySuiteTest {
    private static final PluginRegistry PLUGINS = PluginRegistry.load(List.of());
    private final InputShape shape = new InputShape(1, 5, 5);
    private final ImageDataset data = TinyData.random("in", shape, 120, 3, 1);
    private final ImageDataset mnist = TinyData.random("mnist-test", shape, 80, 2, 2);
    private final LinearModel model = LinearModel.random("lin", shape, 3, 4);
    private final int[] evaluated = IntStream.range(0, 120).filter(i -> i % 4 == 0).toArray();

    private SuiteContext ctx(int batch) {
        return new SuiteContext(data, evaluated, 42, batch, id -> mnist, n -> { });
    }

    private AnomalySuite suite(Map<String, Object> entry) {
        return (AnomalySuite) new AnomalySuiteFactory().create(new Params("suites/x.yaml: suites[0]", entry), PLUGINS);
    }

    @Test
    void suiteFileNamesSetsGroupsAndScores() {
        AnomalySuite s = suite(Map.of("type", "anomaly",
                "out", List.of("mnist-test", "blobs", Map.of("corruption", "gaussian-noise", "severity", 5)),
                "scores", List.of("msp", Map.of("name", "energy", "temperature", 2))));
        List<String> ids = s.conditions().stream().map(Condition::id).toList();
        assertEquals(List.of("mnist-test/msp", "mnist-test/energy", "blobs/msp", "blobs/energy",
                "corrupted-gaussian-noise-5/msp", "corrupted-gaussian-noise-5/energy"), ids);
        assertEquals("near", s.conditions().get(4).params().get("group"));
        assertEquals("far", s.conditions().get(0).params().get("group"));

        ConfigException e = assertThrows(ConfigException.class, () -> suite(Map.of("out", List.of("blob"))));
        assertTrue(e.getMessage().startsWith("suites/x.yaml: suites[0].out[0]: unknown OOD set 'blob' (did you mean "
                + "'blobs'?)"), e.getMessage());
        assertThrows(ConfigException.class, () -> suite(Map.of("out", List.of("blobs", "blobs"))));
        assertThrows(ConfigException.class, () -> suite(Map.of("out", List.of(Map.of("name", "blobs", "group", "mid")))));
        assertThrows(ConfigException.class, () -> suite(Map.of("scores", List.of("msp"), "reference", "energy")));
    }

    @Test
    void generatedSetsDependOnlyOnSeedAndIndex() {
        for (GeneratedOodSet.Kind kind : GeneratedOodSet.Kind.values()) {
            GeneratedOodSet set = new GeneratedOodSet(kind, OodSet.Group.FAR);
            OodSet.Drawn a = set.draw(ctx(7), 40);
            INDArray whole = a.images().get(0, 40);
            INDArray part = a.images().get(13, 21);
            assertEquals(whole.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(13, 21)), part, kind.toString());
            float[] px = whole.data().asFloat();
            for (float v : px) {
                assertTrue(v >= 0 && v <= 1, kind + ": pixel in [0, 1]");
                if (kind == GeneratedOodSet.Kind.BLOBS) {
                    assertTrue(v == 0 || v >= 0.75f, "blobs are thresholded at 0.75");
                }
            }
            if (kind == GeneratedOodSet.Kind.CONSTANT) {
                float[] first = GeneratedOodSet.image(kind, shape, Seeds.of(42, "ood/constant", 0));
                assertTrue(IntStream.range(0, first.length).allMatch(i -> first[i] == first[0]));
            }
        }
    }

    @Test
    void nearOodCorruptionIsTheNoiseSuitesCorruptedImage() {
        TransformedOodSet set = TransformedOodSet.corrupted(new GaussianNoise(), 5, OodSet.Group.NEAR);
        OodSet.Drawn d = set.draw(ctx(16), evaluated.length);
        assertArrayEquals(evaluated, d.index());
        int[] idx = Arrays.copyOfRange(evaluated, 0, 5);
        INDArray expected = new GaussianNoise().apply(data.images(idx), 5, Seeds.of(42, "gaussian-noise/5", idx));
        assertEquals(expected, d.images().get(0, 5));
        INDArray inv = TransformedOodSet.inverted(OodSet.Group.FAR).draw(ctx(16), 40).images().get(0, 3);
        assertEquals(data.images(Arrays.copyOf(evaluated, 3)).rsub(1.0), inv);
    }

    @Test
    void fitSplitIsDisjointFromTheEvaluatedSamplesAndStratified() {
        int[] fit = new FitSplit(null, 30).indices(ctx(16));
        assertEquals(30, fit.length);
        for (int i : fit) {
            assertTrue(Arrays.binarySearch(evaluated, i) < 0, "sample " + i + " is evaluated");
        }
        int[] perClass = new int[3];
        Arrays.stream(fit).forEach(i -> perClass[data.label(i)]++);
        assertArrayEquals(new int[] {10, 10, 10}, perClass);
        assertArrayEquals(fit, new FitSplit(null, 30).indices(ctx(5)), "seeded");
        SuiteContext everything = new SuiteContext(data, IntStream.range(0, 120).toArray(), 1, 8, id -> mnist, n -> { });
        assertThrows(ConfigException.class, () -> new FitSplit(null, 30).indices(everything));
    }

    @Test
    void metricsColumnsAndSkippedScores() {
        AnomalySuite s = suite(Map.of("out", List.of("mnist-test", "uniform-noise"),
                "scores", List.of("msp", "energy", "mahalanobis", "sparse-coding-energy"), "bootstrap", 200,
                "fit", Map.of("size", 40)));
        List<ConditionResult> results = new ArrayList<>();
        for (Condition c : s.conditions()) {
            results.add(s.evaluate(model, c, ctx(16)));
        }
        ConditionResult maha = results.get(2);
        assertEquals("mnist-test/mahalanobis", maha.condition());
        assertTrue(String.valueOf(maha.params().get("fit")).startsWith("40 samples of in disjoint"));
        double[] score = maha.samples().doubles("score");
        int[] ood = maha.samples().ints("ood");
        double[] in = IntStream.range(0, score.length).filter(i -> ood[i] == 0).mapToDouble(i -> score[i]).toArray();
        double[] out = IntStream.range(0, score.length).filter(i -> ood[i] == 1).mapToDouble(i -> score[i]).toArray();
        assertEquals(30, in.length);
        assertEquals(30, out.length);
        OodMetrics om = new OodMetrics(in, out);
        assertEquals(om.auprIn(), maha.metrics().get("aupr_in").value(), 1e-12);
        assertEquals(om.fpr95(OodMetrics.Convention.OOD_POSITIVE), maha.metrics().get("fpr95_ood_positive").value(), 1e-12);
        assertTrue(maha.metrics().get("fpr95_in_positive").hasInterval());
        assertTrue(String.valueOf(maha.params().get("fpr95_in_positive")).contains("Hendrycks & Gimpel"));

        ConditionResult skipped = results.get(3);
        assertTrue(skipped.metrics().isEmpty());
        assertTrue(String.valueOf(skipped.params().get("skipped")).contains("no first conv layer"));
        // The same score on a model that has one runs.
        ConvModel conv = new ConvModel(model, ConvModel.layer(new double[][][][] {{{{1, 0}, {0, -1}}}},
                new double[] {0.1}, 2, 0.4, false));
        assertFalse(s.evaluate(conv, s.conditions().get(3), ctx(16)).metrics().isEmpty());

        // Generated-set scores do not depend on the batch size.
        ConditionResult a = s.evaluate(model, s.conditions().get(5), ctx(16));
        ConditionResult b = s.evaluate(model, s.conditions().get(5), ctx(7));
        assertArrayEquals(a.samples().doubles("score"), b.samples().doubles("score"));

        List<SuiteSummary> sums = s.summarize(results);
        SuiteSummary energyVsMsp = sums.stream().filter(x -> x.name().equals("delong/mnist-test/energy-vs-msp"))
                .findFirst().orElseThrow();
        double[][] e = split(results.get(1));
        double[][] m = split(results.get(0));
        DeLongComparison d = DeLongComparison.compare(e[0], e[1], m[0], m[1], 0.95);
        assertEquals(d.pValue(), energyVsMsp.metrics().get("p_value").value(), 1e-12);
        assertEquals(d.difference(), energyVsMsp.metrics().get("auroc_difference").value(), 1e-12);
        SuiteSummary far = sums.stream().filter(x -> x.name().equals("far-ood/msp")).findFirst().orElseThrow();
        assertEquals((results.get(0).metrics().get("auroc").value() + results.get(4).metrics().get("auroc").value()) / 2,
                far.metrics().get("mean_auroc").value(), 1e-12);
        assertTrue(sums.stream().noneMatch(x -> x.name().contains("sparse-coding-energy")), "skipped: no summary");
    }

    /** A plugin without its own toString: the condition's score_config must not carry an identity hash. */
    static final class Plain implements org.sparsebench.api.OodScore {
        @Override
        public String name() {
            return "plain";
        }

        @Override
        public String description() {
            return "test";
        }

        @Override
        public double[] score(org.sparsebench.api.Model model, INDArray x) {
            return new double[(int) x.size(0)];
        }
    }

    @Test
    void scoreConfigIsDeterministic() {
        assertEquals("Plain()", AnomalySuite.config(new Plain()));
        assertEquals("EnergyScore(temperature=1.0)", AnomalySuite.config(new EnergyScore()));
    }

    private static double[][] split(ConditionResult r) {
        double[] s = r.samples().doubles("score");
        int[] ood = r.samples().ints("ood");
        return new double[][] {IntStream.range(0, s.length).filter(i -> ood[i] == 0).mapToDouble(i -> s[i]).toArray(),
                IntStream.range(0, s.length).filter(i -> ood[i] == 1).mapToDouble(i -> s[i]).toArray()};
    }
}
