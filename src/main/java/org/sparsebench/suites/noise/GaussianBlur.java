package org.sparsebench.suites.noise;

import java.util.SplittableRandom;

/**
 * Gaussian blur of σ = 0.4, 0.6, 0.7, 0.8, 1 pixels (CIFAR-10-C, the ImageNet-C authors' table for
 * 32×32 images; ImageNet-C's σ up to 6 is for 224×224), truncated at 4σ, border pixels repeated
 * (scikit-image's {@code gaussian}). Deterministic.
 */
public final class GaussianBlur extends ImageCorruption {

    public GaussianBlur() {
        super("gaussian-blur", "blur", false, "Gaussian blur, sigma 0.4..1 px (CIFAR-10-C)", 0.4, 0.6, 0.7, 0.8, 1.0);
    }

    @Override
    protected void corrupt(FloatImage img, int severity, SplittableRandom random) {
        Convolution2D.separable(img, Kernels.gaussian(parameter(severity), 4.0), Edge.NEAREST);
    }
}
