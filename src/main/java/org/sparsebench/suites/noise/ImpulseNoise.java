package org.sparsebench.suites.noise;

import java.util.SplittableRandom;

/**
 * Salt-and-pepper noise: each value is replaced with probability {@code p}, by 0 or 1 with equal
 * odds (scikit-image's {@code random_noise(mode='s&p')}); p = 0.03, 0.06, 0.09, 0.17, 0.27 (ImageNet-C
 * and MNIST-C).
 */
public final class ImpulseNoise extends ValueCorruption {

    public ImpulseNoise() {
        super("impulse-noise", true, "salt-and-pepper noise, fraction 0.03..0.27 of values (ImageNet-C)",
                0.03, 0.06, 0.09, 0.17, 0.27);
    }

    @Override
    double map(double v, double p, SplittableRandom random, NormalStream normal) {
        boolean flip = random.nextDouble() < p;
        boolean salt = random.nextBoolean(); // drawn either way: a fixed number of draws per value
        return flip ? (salt ? 1 : 0) : v;
    }
}
