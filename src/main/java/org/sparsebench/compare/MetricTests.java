package org.sparsebench.compare;

import java.util.Locale;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.sparsebench.api.Columns;
import org.sparsebench.api.Metric;
import org.sparsebench.stats.Bootstrap;
import org.sparsebench.stats.McNemar;
import org.sparsebench.stats.TestResult;
import org.sparsebench.stats.TwoProportions;

/**
 * Picks and runs the test for one metric of one condition in two runs, by what the metric is and
 * what the runs stored, most specific first:
 * <ol>
 * <li>a proportion with a per-sample 0/1 outcome ({@code *accuracy} ← {@code correct}, {@code error}
 * ← 1 − {@code correct}): exact McNemar with Newcombe's paired interval on the same samples,
 * otherwise Newcombe's unpaired score interval with the pooled z-test;</li>
 * <li>any other proportion (method {@code wilson} or {@code clopper-pearson}) — no per-sample
 * outcome, so the unpaired test on its counts (conservative when samples match);</li>
 * <li>AUROC ({@code auroc} or method {@code delong}) with {@code score}/{@code ood} columns: DeLong's
 * test, paired on the same samples;</li>
 * <li>a metric recomputable from the samples ({@code fpr_at_95tpr}, {@code median_perturbation}):
 * the bootstrap of the difference, paired (resampling pairs) or unpaired (resampling each run),
 * stratified by {@code ood};</li>
 * <li>any metric with an interval on both sides: an approximate z-test treating the two estimates
 * as independent normals with standard errors from the interval half-widths;</li>
 * <li>otherwise untested.</li>
 * </ol>
 * Per-sample routes are used only if the recomputed value equals the reported one.
 */
final class MetricTests {
    private MetricTests() {
    }

    record Outcome(TestResult result, boolean paired, String note) {
    }

    static Outcome compare(String metric, Metric ma, Columns a, Metric mb, Columns b, double level, int replicates,
            long seed, boolean midP) {
        Alignment al = a.rows() > 0 && b.rows() > 0 ? Alignment.of(a, b) : null;
        String unpairedWhy = al == null ? "no per-sample records" : al.reason;

        int[] xa = SampleMetrics.indicator(metric, a);
        int[] xb = SampleMetrics.indicator(metric, b);
        if (xa != null && xb != null && matches(ma, xa) && matches(mb, xb)) {
            if (al.paired) {
                return new Outcome(McNemar.compare(xa, permute(xb, al.toSecond), level, midP), true, "");
            }
            return new Outcome(TwoProportions.compare(sum(xa), xa.length, sum(xb), xb.length, level), false,
                    unpairedWhy + ": unpaired Newcombe score interval and z-test");
        }
        if (isProportion(ma) && isProportion(mb)) {
            return new Outcome(TwoProportions.compare(Math.round(ma.value() * ma.n()), ma.n(),
                    Math.round(mb.value() * mb.n()), mb.n(), level), false,
                    "no per-sample outcome for this metric: unpaired test on the counts (conservative if paired)");
        }
        String m = metric.toLowerCase(Locale.ROOT);
        if ((m.equals("auroc") || "delong".equals(ma.method())) && hasScores(a) && hasScores(b)) {
            double[][] sa = split(a, null);
            double[][] sb = split(b, al != null && al.paired ? al.toSecond : null);
            if (al != null && al.paired) {
                return new Outcome(AurocDifference.paired(sa[0], sa[1], sb[0], sb[1], level), true, "");
            }
            return new Outcome(AurocDifference.unpaired(sa[0], sa[1], sb[0], sb[1], level), false,
                    unpairedWhy + ": unpaired DeLong");
        }
        SampleMetrics.OnRows fa = SampleMetrics.of(metric, a);
        SampleMetrics.OnRows fb = SampleMetrics.of(metric, b);
        if (fa != null && fb != null && same(fa.compute(SampleMetrics.all(a.rows())), ma.value())
                && same(fb.compute(SampleMetrics.all(b.rows())), mb.value())) {
            if (al.paired) {
                int[] map = al.toSecond;
                int[] strata = strata(a.ints("ood"), a.rows(), 0);
                Bootstrap.Statistic diff = idx -> {
                    int[] rowsB = new int[idx.length];
                    for (int k = 0; k < idx.length; k++) {
                        rowsB[k] = map[idx[k]];
                    }
                    return fb.compute(rowsB) - fa.compute(idx);
                };
                return new Outcome(Bootstrap.test(strata, diff, replicates, seed, level, "bootstrap-paired"), true,
                        "");
            }
            int na = a.rows();
            int nb = b.rows();
            int[] strata = new int[na + nb];
            System.arraycopy(strata(a.ints("ood"), na, 0), 0, strata, 0, na);
            System.arraycopy(strata(b.ints("ood"), nb, 2), 0, strata, na, nb);
            Bootstrap.Statistic diff = idx -> {
                int ka = 0;
                for (int i : idx) {
                    ka += i < na ? 1 : 0;
                }
                int[] ra = new int[ka];
                int[] rb = new int[idx.length - ka];
                int ia = 0;
                int ib = 0;
                for (int i : idx) {
                    if (i < na) {
                        ra[ia++] = i;
                    } else {
                        rb[ib++] = i - na;
                    }
                }
                return fb.compute(rb) - fa.compute(ra);
            };
            return new Outcome(Bootstrap.test(strata, diff, replicates, seed, level, "bootstrap-unpaired"), false,
                    unpairedWhy + ": bootstrap resampling each run");
        }
        if (ma.hasInterval() && mb.hasInterval() && !Double.isNaN(ma.level()) && !Double.isNaN(mb.level())) {
            NormalDistribution z = new NormalDistribution(null, 0, 1);
            double sea = (ma.upper() - ma.lower()) / (2 * z.inverseCumulativeProbability(0.5 + ma.level() / 2));
            double seb = (mb.upper() - mb.lower()) / (2 * z.inverseCumulativeProbability(0.5 + mb.level() / 2));
            double diff = mb.value() - ma.value();
            double se = Math.hypot(sea, seb);
            double half = z.inverseCumulativeProbability(0.5 + level / 2) * se;
            double p = se == 0 ? (diff == 0 ? 1 : 0) : Math.min(1, 2 * z.cumulativeProbability(-Math.abs(diff) / se));
            return new Outcome(new TestResult(diff, diff - half, diff + half, level, p, "interval-z", ma.n() + mb.n()),
                    false, "approximate: independent normal estimates, standard errors from the reported intervals");
        }
        return new Outcome(TestResult.untested(mb.value() - ma.value(), "none", ma.n() + mb.n()), false,
                "not tested: no interval and no per-sample records for this metric");
    }

    private static boolean isProportion(Metric m) {
        return ("wilson".equals(m.method()) || "clopper-pearson".equals(m.method())) && m.n() > 0
                && m.value() >= 0 && m.value() <= 1;
    }

    private static boolean matches(Metric m, int[] outcome) {
        return m.n() == outcome.length && same((double) sum(outcome) / outcome.length, m.value());
    }

    private static boolean same(double recomputed, double reported) {
        return Math.abs(recomputed - reported) <= 1e-9 * Math.max(1, Math.abs(reported));
    }

    private static boolean hasScores(Columns c) {
        return c.doubles("score") != null && c.ints("ood") != null;
    }

    /** {positives (in-distribution), negatives}, rows taken in {@code order} when given. */
    private static double[][] split(Columns c, int[] order) {
        double[] s = c.doubles("score");
        int[] ood = c.ints("ood");
        int n = s.length;
        int np = 0;
        for (int v : ood) {
            np += v == 0 ? 1 : 0;
        }
        double[] pos = new double[np];
        double[] neg = new double[n - np];
        int i = 0;
        int j = 0;
        for (int k = 0; k < n; k++) {
            int r = order == null ? k : order[k];
            if (ood[r] == 0) {
                pos[i++] = s[r];
            } else {
                neg[j++] = s[r];
            }
        }
        return new double[][] {pos, neg};
    }

    private static int[] strata(int[] ood, int n, int offset) {
        int[] s = new int[n];
        for (int i = 0; i < n; i++) {
            s[i] = offset + (ood == null ? 0 : ood[i]);
        }
        return s;
    }

    private static int[] permute(int[] x, int[] map) {
        int[] out = new int[map.length];
        for (int i = 0; i < map.length; i++) {
            out[i] = x[map[i]];
        }
        return out;
    }

    private static long sum(int[] x) {
        long s = 0;
        for (int v : x) {
            s += v;
        }
        return s;
    }
}
