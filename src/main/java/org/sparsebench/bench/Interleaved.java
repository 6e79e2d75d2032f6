package org.sparsebench.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The cost of one step relative to another, measured in one process with the two interleaved: each round
 * times one step of {@code a}, then {@code k} steps of {@code b}, with {@code k} fixed after the warm-up so
 * that both halves of a round take about as long; the result is the median over rounds of
 * {@code t_a ÷ (t_b / k)}. A shared machine's speed drifts by a factor of two within minutes (and oneDNN's
 * threads are preempted in bursts), so two separate {@code bench} runs give ratios that differ more than the
 * effect being measured; adjacent halves of a round see the same machine, and the median drops the rounds a
 * burst hit. What {@code sparsebench bench --versus} prints, for the bound on ista-cnn's input gradient
 * relative to relu-cnn's (docs/PERFORMANCE.md).
 *
 * @param ratio        median over rounds of a's step time ÷ b's
 * @param aMillis      median time of a step of a
 * @param bMillis      median time of a step of b
 * @param rounds       rounds timed
 * @param bPerRound    steps of b per round
 */
public record Interleaved(double ratio, double aMillis, double bMillis, int rounds, int bPerRound) {

    /**
     * Three warm-up steps of each, then rounds until {@code seconds} have passed (at least {@code minRounds}).
     *
     * @param clock nanosecond clock ({@link System#nanoTime})
     */
    public static Interleaved measure(Runnable a, Runnable b, double seconds, int minRounds, LongSupplier clock) {
        if (!(seconds >= 0) || minRounds < 1) {
            throw new IllegalArgumentException("seconds " + seconds + ", minRounds " + minRounds);
        }
        long ta = 0;
        long tb = 0;
        for (int i = 0; i < 3; i++) {
            ta = time(a, 1, clock);
            tb = time(b, 1, clock);
        }
        int k = (int) Math.max(1, Math.min(64, Math.round((double) ta / Math.max(1, tb))));
        long limit = (long) (seconds * 1e9);
        long start = clock.getAsLong();
        double[] ratios = new double[16];
        double[] as = new double[16];
        double[] bs = new double[16];
        int n = 0;
        while (n < minRounds || clock.getAsLong() - start < limit) {
            if (n == ratios.length) {
                ratios = Arrays.copyOf(ratios, 2 * n);
                as = Arrays.copyOf(as, 2 * n);
                bs = Arrays.copyOf(bs, 2 * n);
            }
            as[n] = time(a, 1, clock);
            bs[n] = time(b, k, clock) / (double) k;
            ratios[n] = as[n] / Math.max(bs[n], 1e-9);
            n++;
        }
        return new Interleaved(median(ratios, n), median(as, n) / 1e6, median(bs, n) / 1e6, n, k);
    }

    private static long time(Runnable step, int times, LongSupplier clock) {
        long t = clock.getAsLong();
        for (int i = 0; i < times; i++) {
            step.run();
        }
        return clock.getAsLong() - t;
    }

    /** The median of the first {@code n} values (the mean of the middle two for even n). */
    static double median(double[] values, int n) {
        double[] s = Arrays.copyOf(values, n);
        Arrays.sort(s);
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /** {@code sparsebench <mode>_versus model=<a> versus=<b> batch=<B> threads=<T> time_ratio=<r> ...}. */
    public String line(String mode, String aId, String bId, int batch, int threads) {
        return String.format(Locale.ROOT, "sparsebench %s_versus model=%s versus=%s batch=%d threads=%d time_ratio=%.3f"
                + " model_ms=%.2f versus_ms=%.2f rounds=%d", mode, aId, bId, batch, threads, ratio, aMillis, bMillis,
                rounds);
    }
}
