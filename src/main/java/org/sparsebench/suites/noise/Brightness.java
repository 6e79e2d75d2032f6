package org.sparsebench.suites.noise;

import java.util.SplittableRandom;

/**
 * Brightness: the HSV value {@code V = max over channels} is raised by c = 0.1, 0.2, 0.3, 0.4, 0.5
 * (capped at 1) with hue and saturation kept (ImageNet-C and MNIST-C). On a pixel that scales every
 * channel by {@code V'/V}; for one channel it is {@code min(1, x + c)}. Deterministic.
 */
public final class Brightness extends ImageCorruption {

    public Brightness() {
        super("brightness", "digital", false, "HSV value + c, c 0.1..0.5 (ImageNet-C); grey: min(1, x + c)",
                0.1, 0.2, 0.3, 0.4, 0.5);
    }

    @Override
    protected void corrupt(FloatImage img, int severity, SplittableRandom random) {
        double c = parameter(severity);
        int channels = img.channels();
        for (int y = 0; y < img.height(); y++) {
            for (int x = 0; x < img.width(); x++) {
                double v = 0;
                for (int ch = 0; ch < channels; ch++) {
                    v = Math.max(v, img.get(ch, y, x));
                }
                double raised = Math.min(1.0, v + c);
                for (int ch = 0; ch < channels; ch++) {
                    // V = 0 is black: saturation is 0 there, so every channel becomes the new value.
                    img.set(ch, y, x, (float) (v > 0 ? img.get(ch, y, x) * raised / v : raised));
                }
            }
        }
    }
}
