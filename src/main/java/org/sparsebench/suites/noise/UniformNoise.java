package org.sparsebench.suites.noise;

import java.util.SplittableRandom;

/**
 * Additive uniform noise {@code x + U(−a, a)}, clipped. The half-width is {@code a = √3·σ} for
 * ImageNet-C's Gaussian σ at the same severity, so both noises have the same variance per severity
 * (uniform noise as in Geirhos et al. 2018).
 */
public final class UniformNoise extends ValueCorruption {

    public UniformNoise() {
        super("uniform-noise", true, "additive uniform noise U(-a,a), a = sqrt(3)*sigma of gaussian-noise",
                halfWidths());
    }

    private static double[] halfWidths() {
        double[] sigma = new GaussianNoise().severityParameters();
        double[] a = new double[sigma.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = Math.sqrt(3) * sigma[i];
        }
        return a;
    }

    @Override
    double map(double v, double a, SplittableRandom random, NormalStream normal) {
        return v + a * (2 * random.nextDouble() - 1);
    }
}
