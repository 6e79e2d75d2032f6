package org.sparsebench.suites.noise;

import java.util.SplittableRandom;

/**
 * Fog: a plasma fractal {@code F} (side: the next power of two ≥ the image, top-left crop) added with
 * strength c, then rescaled, {@code x' = (x + c·F)·max(x)/(max(x) + c)}; (c, decay) = (0.2, 3),
 * (0.5, 3), (0.75, 2.5), (1, 2), (1.5, 1.75) (CIFAR-10-C, ImageNet-C's fog for 32×32 images; MNIST-C
 * crops 28 pixels of ImageNet-C's 256-pixel fractal, which leaves little of its structure).
 */
public final class Fog extends ImageCorruption {
    private static final double[] DECAY = {3, 3, 2.5, 2, 1.75};

    public Fog() {
        super("fog", "digital", true, "plasma-fractal fog, strength 0.2..1.5 (CIFAR-10-C)", 0.2, 0.5, 0.75, 1.0, 1.5);
    }

    @Override
    protected void corrupt(FloatImage img, int severity, SplittableRandom random) {
        double c = parameter(severity);
        int h = img.height();
        int w = img.width();
        int size = Math.max(2, Integer.highestOneBit(Math.max(h, w) - 1) << 1);
        double[] fog = PlasmaFractal.generate(size, DECAY[severity - 1], random);
        float[] d = img.data();
        double max = 0;
        for (float v : d) {
            max = Math.max(max, v);
        }
        double scale = max / (max + c);
        for (int ch = 0; ch < img.channels(); ch++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    img.set(ch, y, x, (float) ((img.get(ch, y, x) + c * fog[y * size + x]) * scale));
                }
            }
        }
    }
}
