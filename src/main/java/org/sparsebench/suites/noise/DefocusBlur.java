package org.sparsebench.suites.noise;

import java.util.SplittableRandom;

/**
 * Defocus: convolution with an anti-aliased disk of radius r = 0.3, 0.4, 0.5, 1, 1.5 pixels and
 * alias blur 0.4, 0.5, 0.6, 0.2, 0.1 (CIFAR-10-C, ImageNet-C's kernel for 32×32 images; ImageNet-C's
 * radii 3..10 are for 224×224), mirrored border (OpenCV's {@code filter2D}). Deterministic.
 */
public final class DefocusBlur extends ImageCorruption {
    private static final double[] ALIAS_BLUR = {0.4, 0.5, 0.6, 0.2, 0.1};

    public DefocusBlur() {
        super("defocus-blur", "blur", false, "disk (defocus) blur, radius 0.3..1.5 px (CIFAR-10-C)",
                0.3, 0.4, 0.5, 1.0, 1.5);
    }

    @Override
    protected void corrupt(FloatImage img, int severity, SplittableRandom random) {
        Convolution2D.full(img, Kernels.disk(parameter(severity), ALIAS_BLUR[severity - 1]), Edge.REFLECT_101);
    }
}
