package org.sparsebench.stats;

import java.util.SplittableRandom;
import org.sparsebench.api.Seeds;

/**
 * How many test samples a difference in accuracy needs to be detected with a two-sided test at
 * level α with the given power.
 *
 * <ul>
 * <li>Paired (two models on the same samples, McNemar): Connor (1987, Biometrics 43:207),
 * n = (z₁₋α/₂ √ψ + z₁₋β √(ψ − δ²))² / δ², where δ is the accuracy difference and ψ the share of
 * discordant samples (one model right, the other wrong).</li>
 * <li>Unpaired (different samples, two-proportion z-test): Fleiss (1981) without continuity
 * correction, per run n = (z₁₋α/₂ √(2 p̄ q̄) + z₁₋β √(p₁q₁ + p₂q₂))² / δ² — the formula of R's
 * {@code power.prop.test}.</li>
 * </ul>
 * {@link #simulatedMcNemarPower} checks a size by simulating the exact McNemar test with a seed.
 */
public final class SampleSize {
    private SampleSize() {
    }

    /** Samples needed for McNemar; {@code discordant} ψ must exceed |δ|. Rounded up. */
    public static long mcnemar(double difference, double discordant, double alpha, double power) {
        double d = Math.abs(difference);
        check(d, alpha, power);
        if (!(discordant > d && discordant <= 1)) {
            throw new IllegalArgumentException("discordant share " + discordant + " must exceed |difference| " + d
                    + " and be at most 1");
        }
        double za = Normal.quantile(1 - alpha / 2);
        double zb = Normal.quantile(power);
        double root = za * Math.sqrt(discordant) + zb * Math.sqrt(discordant - d * d);
        return (long) Math.ceil(root * root / (d * d));
    }

    /** Unrounded samples per run for the unpaired two-proportion z-test of p1 vs p2. */
    public static double twoProportionsExact(double p1, double p2, double alpha, double power) {
        double d = Math.abs(p1 - p2);
        check(d, alpha, power);
        if (p1 < 0 || p1 > 1 || p2 < 0 || p2 > 1) {
            throw new IllegalArgumentException("proportions must lie in [0, 1]: " + p1 + ", " + p2);
        }
        double za = Normal.quantile(1 - alpha / 2);
        double zb = Normal.quantile(power);
        double pbar = (p1 + p2) / 2;
        double root = za * Math.sqrt(2 * pbar * (1 - pbar)) + zb * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2));
        return root * root / (d * d);
    }

    /** Samples per run for the unpaired test, rounded up. */
    public static long twoProportions(double p1, double p2, double alpha, double power) {
        return (long) Math.ceil(twoProportionsExact(p1, p2, alpha, power) - 1e-9);
    }

    /**
     * Discordant share when the two models' errors are independent: ψ = p₁(1 − p₂) + p₂(1 − p₁).
     * Real models err on many of the same hard samples, so the true ψ is usually smaller and the
     * paired test needs fewer samples; measure ψ from a previous run when you can.
     */
    public static double independentDiscordance(double p1, double p2) {
        return p1 * (1 - p2) + p2 * (1 - p1);
    }

    /**
     * Share of {@code trials} simulated experiments of {@code n} samples in which the exact McNemar
     * test rejects at α, when a sample is "only the first right" with probability
     * (ψ − δ)/2 and "only the second right" with (ψ + δ)/2. Trial t draws from
     * {@code Seeds.of(seed, "power", t)}.
     */
    public static double simulatedMcNemarPower(long n, double difference, double discordant, double alpha,
            int trials, long seed) {
        double pb = (discordant - difference) / 2;
        double pc = (discordant + difference) / 2;
        if (pb < 0 || pc < 0 || discordant > 1) {
            throw new IllegalArgumentException("discordant share " + discordant + " incompatible with difference "
                    + difference);
        }
        int rejected = 0;
        for (int t = 0; t < trials; t++) {
            SplittableRandom r = new SplittableRandom(Seeds.of(seed, "power", t));
            long b = 0;
            long c = 0;
            for (long i = 0; i < n; i++) {
                double u = r.nextDouble();
                if (u < pb) {
                    b++;
                } else if (u < pb + pc) {
                    c++;
                }
            }
            if (McNemar.exactP(b, c, false) <= alpha) {
                rejected++;
            }
        }
        return (double) rejected / trials;
    }

    private static void check(double d, double alpha, double power) {
        if (!(d > 0)) {
            throw new IllegalArgumentException("difference must be non-zero");
        }
        if (!(alpha > 0 && alpha < 1) || !(power > 0 && power < 1)) {
            throw new IllegalArgumentException("alpha and power must lie in (0, 1): " + alpha + ", " + power);
        }
    }
}
