package org.sparsebench.suites.noise;

import java.util.SplittableRandom;

/**
 * Contrast reduction towards each channel's mean μ: {@code x' = μ + c·(x − μ)}, c = 0.4, 0.3, 0.2,
 * 0.1, 0.05 (ImageNet-C and MNIST-C; the map does not depend on image size). Deterministic; never
 * leaves [0, 1].
 */
public final class Contrast extends ImageCorruption {

    public Contrast() {
        super("contrast", "digital", false, "contrast reduction mu + c*(x - mu) per channel, c 0.4..0.05 (ImageNet-C)",
                0.4, 0.3, 0.2, 0.1, 0.05);
    }

    @Override
    protected void corrupt(FloatImage img, int severity, SplittableRandom random) {
        double c = parameter(severity);
        int plane = img.height() * img.width();
        float[] d = img.data();
        for (int ch = 0; ch < img.channels(); ch++) {
            double mean = 0;
            for (int j = ch * plane; j < (ch + 1) * plane; j++) {
                mean += d[j];
            }
            mean /= plane;
            for (int j = ch * plane; j < (ch + 1) * plane; j++) {
                d[j] = (float) (mean + c * (d[j] - mean));
            }
        }
    }
}
