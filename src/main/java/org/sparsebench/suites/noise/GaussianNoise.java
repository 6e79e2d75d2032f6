package org.sparsebench.suites.noise;

import java.util.SplittableRandom;

/**
 * Additive Gaussian noise {@code x + N(0, σ²)}, clipped to [0, 1]. σ per severity 1..5 follows
 * ImageNet-C and MNIST-C (Hendrycks &amp; Dietterich 2019; Mu &amp; Gilmer 2019): 0.08, 0.12, 0.18, 0.26, 0.38.
 */
public final class GaussianNoise extends ValueCorruption {

    public GaussianNoise() {
        super("gaussian-noise", true, "additive Gaussian noise, sigma 0.08..0.38 (ImageNet-C), clipped to [0,1]",
                0.08, 0.12, 0.18, 0.26, 0.38);
    }

    @Override
    double map(double v, double sigma, SplittableRandom random, NormalStream normal) {
        return v + sigma * normal.next();
    }
}
