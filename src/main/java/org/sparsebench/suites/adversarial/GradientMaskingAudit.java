package org.sparsebench.suites.adversarial;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.sparsebench.api.ConditionResult;
import org.sparsebench.api.Loss;
import org.sparsebench.api.Metric;
import org.sparsebench.api.Model;
import org.sparsebench.stats.ProportionInterval;

/**
 * The gradient-masking audit (Carlini et al. 2019, "On Evaluating Adversarial Robustness"; Athalye et
 * al. 2018; AutoAttack's {@code checks.py}; ART's security curve). Two halves:
 * <ul>
 * <li>{@link #probe}: checks that need the model, run once per model on a sub-sample: determinism of
 * the logits, logits-vs-probabilities, zero / non-finite / vanishing input gradients of the margin,
 * whether that gradient predicts the margin's change over a small step (shattered gradients), and an
 * unbounded sweep (PGD L∞ up to the whole pixel range);</li>
 * <li>{@link #flags}: checks across the suite's conditions of one model: a single-step attack beating
 * an iterative one, the black-box Square beating the white-box attacks, robust accuracy rising with
 * ε, and the probe's numbers against their thresholds.</li>
 * </ul>
 * Differences between accuracies count only beyond {@link #tolerance}: one percentage point or two
 * samples, whichever is larger, so sampling noise of seeded random starts does not raise flags.
 */
public final class GradientMaskingAudit {
    public static final String CONDITION = "audit";

    /** Check ids, in report order. */
    public static final List<String> CHECKS = List.of("single-step-beats-iterative", "black-box-beats-white-box",
            "unbounded-not-broken", "non-monotone-in-epsilon", "masked-gradients", "above-chance-at-full-range",
            "non-deterministic", "returns-probabilities", "shattered-gradients");

    /** Share of inputs with zero, non-finite or vanishing gradients above which gradients count as masked. */
    public static final double MASKED_SHARE = 0.10;
    /**
     * Step of the first-order check, as a fraction of the pixel range (a quarter of one 8-bit grey level):
     * small enough that a continuous piecewise-linear network's margin changes as its gradient predicts,
     * large enough that float32 rounding of the logits does not matter.
     */
    public static final double FIRST_ORDER_STEP = 1e-3;
    /** Relative first-order error above which a sample's gradient counts as not predicting its margin. */
    public static final double FIRST_ORDER_ERROR = 0.5;
    /** Share of inputs with such a gradient above which gradients count as shattered. */
    public static final double SHATTERED_SHARE = 0.10;
    /** Robust accuracy at the full pixel range above which the unbounded attack counts as failed. */
    public static final double UNBOUNDED_ACCURACY = 0.01;

    private GradientMaskingAudit() {
    }

    /** Sub-sample size, PGD steps and L∞ budgets (fractions of the pixel range) of the probe. */
    public record Settings(int samples, int steps, List<Double> epsilons) {
        public static final Settings DEFAULT = new Settings(200, 20, List.of(0.25, 0.5, 1.0));
    }

    /** A raised flag: the check, the condition whose number it questions (or {@code audit}), and why. */
    public record Flag(String check, String condition, String evidence) {
    }

    /** Larger of one percentage point and two samples out of {@code n}. */
    public static double tolerance(long n) {
        return Math.max(0.01, 2.0 / Math.max(n, 1));
    }

    /** The probe's metrics on {@code x} (labels {@code y}); also fills {@code gradientL1} per sample. */
    public static Map<String, Metric> probe(Model model, INDArray x, int[] y, long[] seeds, Settings s,
            double[] gradientL1, int[] robustAtFullRange) {
        int n = y.length;
        Map<String, Metric> m = new LinkedHashMap<>();
        // 1. Determinism: two passes on the same batch must agree (AutoAttack's check_randomized).
        INDArray z1 = model.logits(x);
        INDArray z2 = model.logits(x.dup());
        double scale = Math.max(1.0, z1.amaxNumber().doubleValue());
        double diff = z1.sub(z2).amaxNumber().doubleValue() / scale;
        m.put("logit_max_relative_difference", Metric.point(diff, n));
        // 2. Probabilities instead of logits: every row in [0, 1] summing to 1 (check_range_output).
        double[][] z = Rows.host(z1);
        int probabilityRows = 0;
        for (double[] row : z) {
            double sum = 0;
            boolean unit = true;
            for (double v : row) {
                sum += v;
                unit &= v >= 0 && v <= 1;
            }
            probabilityRows += unit && Math.abs(sum - 1) < 1e-3 ? 1 : 0;
        }
        m.put("probability_rows", ProportionInterval.wilson(probabilityRows, n, 0.95));
        // 3. Gradients of the margin z_y − max_{j≠y} z_j (scale-free, unlike a saturating cross-entropy).
        int[] runnerUp = new int[n];
        double[] margin = Rows.margin(z, y, runnerUp);
        double[][] w = new double[n][z[0].length];
        for (int i = 0; i < n; i++) {
            w[i][y[i]] = 1;
            w[i][runnerUp[i]] = -1;
        }
        INDArray g = Rows.flat(model.gradient(x, Loss.linear(Nd4j.create(w).castTo(z1.dataType()))).inputGradient());
        double[] l1 = g.norm1(1).toDoubleVector();
        double range = model.bounds().upper() - model.bounds().lower();
        int zero = 0;
        int nonFinite = 0;
        int vanishing = 0;
        for (int i = 0; i < n; i++) {
            gradientL1[i] = l1[i];
            if (!Double.isFinite(l1[i])) {
                nonFinite++;
            } else if (l1[i] == 0) {
                zero++;
            } else if (Math.abs(margin[i]) / l1[i] > range) {
                // The linearized L∞ distance to the boundary exceeds the pixel range: no usable direction.
                vanishing++;
            }
        }
        m.put("gradient_zero_share", ProportionInterval.wilson(zero, n, 0.95));
        m.put("gradient_nonfinite_share", ProportionInterval.wilson(nonFinite, n, 0.95));
        m.put("gradient_vanishing_share", ProportionInterval.wilson(vanishing, n, 0.95));
        m.put("gradient_first_order_error_share", firstOrderErrorShare(model, x, y, g, margin, range));
        // 4. Unbounded sweep: PGD L∞ at growing budgets must drive accuracy to zero.
        int[] clean = Rows.predict(model.id(), z1);
        for (double e : s.epsilons()) {
            INDArray adv = new Pgd(Norms.LINF, s.steps()).run(model, x, y, e * range, seeds);
            int[] pred = Rows.predict(model.id(), model.logits(adv));
            int robust = 0;
            for (int i = 0; i < n; i++) {
                boolean ok = pred[i] == y[i] && clean[i] == y[i];
                robust += ok ? 1 : 0;
                if (e == s.epsilons().get(s.epsilons().size() - 1)) {
                    robustAtFullRange[i] = ok ? 1 : 0;
                }
            }
            m.put(unboundedKey(e), ProportionInterval.wilson(robust, n, 0.95));
        }
        return m;
    }

    /**
     * Shattered gradients (Athalye et al. 2018, §4.1; the "unstable predictions" indicator of Pintor et
     * al. 2022): does the reported gradient g of the margin predict the margin's change over one small
     * step? Per sample, {@code x' = clip(x − h·sign(g))} with {@code h = }{@value #FIRST_ORDER_STEP} of
     * the pixel range, predicted change {@code gᵀ(x' − x)}, actual change {@code margin(x') − margin(x)}
     * (the runner-up class re-chosen at x', so the margin is continuous wherever the logits are). For a
     * network that is continuous and piecewise linear (ReLU, thresholds, max-pooling) the two agree
     * except where the step crosses a kink, so the relative error is small on almost every input; a
     * discontinuous network (k-winners-take-all, input quantization with a straight-through gradient)
     * jumps by amounts the gradient does not see. Returns the share of inputs whose relative error
     * {@code |actual − predicted| / |predicted|} exceeds {@value #FIRST_ORDER_ERROR}, among the inputs
     * whose predicted change is measurable (above float32 resolution of the logits; inputs with zero
     * or vanishing gradients are counted by the masked-gradients check instead).
     */
    static Metric firstOrderErrorShare(Model model, INDArray x, int[] y, INDArray flatGradient, double[] margin,
            double range) {
        int n = y.length;
        INDArray flatX = Rows.flat(x);
        INDArray stepped = flatX.sub(Transforms.sign(flatGradient).muli(FIRST_ORDER_STEP * range));
        stepped = Transforms.min(Transforms.max(stepped, model.bounds().lower(), false), model.bounds().upper(), false);
        double[] predicted = flatGradient.castTo(DataType.DOUBLE).mul(stepped.sub(flatX).castTo(DataType.DOUBLE))
                .sum(1).toDoubleVector();
        double[][] z = Rows.host(model.logits(Rows.image(stepped, x.shape())));
        double[] after = Rows.margin(z, y, new int[n]);
        int measurable = 0;
        int wrong = 0;
        for (int i = 0; i < n; i++) {
            double scale = 0;
            for (double v : z[i]) {
                scale = Math.max(scale, Math.abs(v));
            }
            if (!Double.isFinite(predicted[i]) || Math.abs(predicted[i]) < RESOLUTION * Math.max(1, scale)) {
                continue;
            }
            measurable++;
            double error = Math.abs(after[i] - margin[i] - predicted[i]) / Math.abs(predicted[i]);
            wrong += error > FIRST_ORDER_ERROR || !Double.isFinite(error) ? 1 : 0;
        }
        return ProportionInterval.wilson(wrong, measurable, 0.95);
    }

    /** Smallest predicted margin change, relative to the logits' magnitude, that float32 logits resolve. */
    private static final double RESOLUTION = 1e-4;

    static String unboundedKey(double e) {
        return "unbounded_robust_accuracy@" + e;
    }

    /** Every flag raised for one model, from its conditions in this suite (including the probe's). */
    public static List<Flag> flags(List<ConditionResult> results, int classes) {
        List<Flag> out = new ArrayList<>();
        List<ConditionResult> attacks = results.stream().filter(r -> !CONDITION.equals(r.condition())).toList();
        // Same norm and ε: single-step vs iterative, black-box vs white-box.
        Map<String, List<ConditionResult>> byBudget = new LinkedHashMap<>();
        for (ConditionResult r : attacks) {
            byBudget.computeIfAbsent(r.params().get("norm") + "/" + eps(r), k -> new ArrayList<>()).add(r);
        }
        for (List<ConditionResult> same : byBudget.values()) {
            for (ConditionResult single : same) {
                if (!"fgsm".equals(single.params().get("attack"))) {
                    continue;
                }
                for (ConditionResult it : same) {
                    if (isIterativeWhiteBox(it) && beats(single, it)) {
                        out.add(new Flag(CHECKS.get(0), it.condition(), String.format(Locale.ROOT,
                                "%s robust accuracy %.3f is below %s's %.3f at the same ε", single.condition(),
                                acc(single), it.condition(), acc(it))));
                    }
                }
            }
            for (ConditionResult square : same) {
                if (!"square".equals(square.params().get("attack"))) {
                    continue;
                }
                for (ConditionResult wb : same) {
                    if (isIterativeWhiteBox(wb) && beats(square, wb)) {
                        out.add(new Flag(CHECKS.get(1), wb.condition(), String.format(Locale.ROOT,
                                "black-box %s robust accuracy %.3f is below white-box %s's %.3f", square.condition(),
                                acc(square), wb.condition(), acc(wb))));
                    }
                }
            }
        }
        // In an ensemble: Square breaking samples every white-box attack before it left robust.
        for (ConditionResult r : attacks) {
            int[] broken = r.samples().ints("broken_at");
            Object names = r.params().get("stages");
            if (broken == null || !(names instanceof List<?> stages)) {
                continue;
            }
            for (int s = 0; s < stages.size(); s++) {
                if (!"square".equals(String.valueOf(stages.get(s))) || s == 0) {
                    continue;
                }
                int byBlackBox = 0;
                for (int b : broken) {
                    byBlackBox += b == s + 1 ? 1 : 0;
                }
                double share = (double) byBlackBox / broken.length;
                if (share > tolerance(broken.length)) {
                    out.add(new Flag(CHECKS.get(1), r.condition(), String.format(Locale.ROOT,
                            "square broke %d of %d samples (%.3f) that the white-box attacks left robust", byBlackBox,
                            broken.length, share)));
                }
            }
        }
        // Robust accuracy must not rise with ε (per attack and norm).
        Map<String, List<ConditionResult>> curves = new LinkedHashMap<>();
        for (ConditionResult r : attacks) {
            curves.computeIfAbsent(r.params().get("attack") + "/" + r.params().get("norm") + "/"
                    + r.params().get("attackConfig"), k -> new ArrayList<>()).add(r);
        }
        for (List<ConditionResult> curve : curves.values()) {
            List<ConditionResult> sorted = new ArrayList<>(curve);
            sorted.sort(Comparator.comparingDouble(GradientMaskingAudit::eps));
            for (int i = 1; i < sorted.size(); i++) {
                if (beats(sorted.get(i - 1), sorted.get(i))) {
                    out.add(new Flag(CHECKS.get(3), sorted.get(i).condition(), String.format(Locale.ROOT,
                            "robust accuracy rises from %.3f at ε=%s to %.3f at ε=%s", acc(sorted.get(i - 1)),
                            eps(sorted.get(i - 1)), acc(sorted.get(i)), eps(sorted.get(i)))));
                }
            }
        }
        results.stream().filter(r -> CONDITION.equals(r.condition())).findFirst()
                .ifPresent(probe -> probeFlags(probe, classes, out));
        return out;
    }

    private static void probeFlags(ConditionResult probe, int classes, List<Flag> out) {
        Map<String, Metric> m = probe.metrics();
        List<Map.Entry<Double, Metric>> sweep = new ArrayList<>();
        m.forEach((k, v) -> {
            if (k.startsWith("unbounded_robust_accuracy@")) {
                sweep.add(Map.entry(Double.parseDouble(k.substring(k.indexOf('@') + 1)), v));
            }
        });
        sweep.sort(Map.Entry.comparingByKey());
        if (!sweep.isEmpty()) {
            Map.Entry<Double, Metric> last = sweep.get(sweep.size() - 1);
            double a = last.getValue().value();
            if (a > UNBOUNDED_ACCURACY) {
                out.add(new Flag(CHECKS.get(2), CONDITION, String.format(Locale.ROOT,
                        "PGD at L∞ ε=%s of the pixel range leaves robust accuracy %.3f (> %.2f)", last.getKey(), a,
                        UNBOUNDED_ACCURACY)));
            }
            if (a > 1.0 / classes) {
                out.add(new Flag(CHECKS.get(5), CONDITION, String.format(Locale.ROOT,
                        "robust accuracy %.3f at L∞ ε=%s of the pixel range is above chance 1/%d", a, last.getKey(),
                        classes)));
            }
            for (int i = 1; i < sweep.size(); i++) {
                Metric lo = sweep.get(i - 1).getValue();
                Metric hi = sweep.get(i).getValue();
                if (hi.value() > lo.value() + tolerance(hi.n())) {
                    out.add(new Flag(CHECKS.get(3), CONDITION, String.format(Locale.ROOT,
                            "unbounded sweep: robust accuracy rises from %.3f at ε=%s to %.3f at ε=%s", lo.value(),
                            sweep.get(i - 1).getKey(), hi.value(), sweep.get(i).getKey())));
                }
            }
        }
        double zero = m.get("gradient_zero_share").value();
        double nonFinite = m.get("gradient_nonfinite_share").value();
        double vanishing = m.get("gradient_vanishing_share").value();
        if (zero + nonFinite + vanishing > MASKED_SHARE || nonFinite > 0) {
            out.add(new Flag(CHECKS.get(4), CONDITION, String.format(Locale.ROOT,
                    "margin gradients zero on %.3f, non-finite on %.3f, vanishing on %.3f of inputs (limit %.2f)",
                    zero, nonFinite, vanishing, MASKED_SHARE)));
        }
        Metric shattered = m.get("gradient_first_order_error_share");
        if (shattered != null && shattered.value() > SHATTERED_SHARE) {
            out.add(new Flag(CHECKS.get(8), CONDITION, String.format(Locale.ROOT,
                    "the margin's gradient mispredicts its change over a %.0e step (relative error > %.1f) on %.3f "
                            + "of %d inputs (limit %.2f): the loss jumps where the gradient does not see it",
                    FIRST_ORDER_STEP, FIRST_ORDER_ERROR, shattered.value(), shattered.n(), SHATTERED_SHARE)));
        }
        double diff = m.get("logit_max_relative_difference").value();
        if (diff > 1e-4) {
            out.add(new Flag(CHECKS.get(6), CONDITION, String.format(Locale.ROOT,
                    "two passes on the same batch differ by %.2e (relative)", diff)));
        }
        double probs = m.get("probability_rows").value();
        if (probs > 0.5) {
            out.add(new Flag(CHECKS.get(7), CONDITION, String.format(Locale.ROOT,
                    "%.3f of output rows are in [0, 1] and sum to 1: probabilities, not logits", probs)));
        }
    }

    private static boolean isIterativeWhiteBox(ConditionResult r) {
        return List.of("pgd", "apgd-ce", "apgd-dlr", "apgd-t", "autoattack").contains(String.valueOf(r.params().get("attack")));
    }

    /** True when {@code a}'s robust accuracy is below {@code b}'s beyond the tolerance. */
    private static boolean beats(ConditionResult a, ConditionResult b) {
        return acc(a) < acc(b) - tolerance(a.metrics().get("robust_accuracy").n());
    }

    private static double acc(ConditionResult r) {
        return r.metrics().get("robust_accuracy").value();
    }

    static double eps(ConditionResult r) {
        return ((Number) r.params().get("epsilon")).doubleValue();
    }
}
