package org.sparsebench.suites.noise;

import java.util.SplittableRandom;

/**
 * Photon (Poisson) noise {@code Poisson(λ·x)/λ}, clipped; λ = 60, 25, 12, 5, 3 photons at full
 * intensity (ImageNet-C and MNIST-C). Fewer photons, more noise.
 */
public final class ShotNoise extends ValueCorruption {

    public ShotNoise() {
        super("shot-noise", true, "Poisson noise Poisson(lambda*x)/lambda, lambda 60..3 (ImageNet-C)",
                60, 25, 12, 5, 3);
    }

    @Override
    double map(double v, double lambda, SplittableRandom random, NormalStream normal) {
        return poisson(lambda * Math.max(0, v), random) / lambda;
    }

    /**
     * A Poisson variate by Knuth's product of uniforms, in pieces of mean ≤ 30 (a sum of independent
     * Poisson variates is Poisson with the summed mean), so {@code e^−mean} never underflows.
     */
    static int poisson(double mean, SplittableRandom random) {
        int count = 0;
        double left = mean;
        while (left > 0) {
            double piece = Math.min(left, 30);
            left -= piece;
            double limit = Math.exp(-piece);
            double p = random.nextDouble();
            while (p > limit) {
                count++;
                p *= random.nextDouble();
            }
        }
        return count;
    }
}
