package org.sparsebench.suites.noise;

import java.util.SplittableRandom;

/**
 * Glass blur (ImageNet-C, MNIST-C's variant): Gaussian blur of σ, then {@code iterations} sweeps that
 * swap each interior pixel, with probability ½, with a random neighbour at most {@code δ} away, then
 * the blur again. (σ, δ, iterations) = (0.7, 1, 2), (0.9, 2, 1), (1, 2, 3), (1.1, 3, 2), (1.5, 4, 2)
 * (MNIST-C; δ in pixels, as ImageNet-C). Unlike the Python original, values are not truncated to
 * 8 bits between the steps.
 */
public final class GlassBlur extends ImageCorruption {
    private static final int[] DELTA = {1, 2, 2, 3, 4};
    private static final int[] ITERATIONS = {2, 1, 3, 2, 2};

    public GlassBlur() {
        super("glass-blur", "blur", true, "blur, local pixel shuffling, blur; sigma 0.7..1.5 px (MNIST-C)",
                0.7, 0.9, 1.0, 1.1, 1.5);
    }

    @Override
    protected void corrupt(FloatImage img, int severity, SplittableRandom random) {
        float[] kernel = Kernels.gaussian(parameter(severity), 4.0);
        int delta = DELTA[severity - 1];
        Convolution2D.separable(img, kernel, Edge.NEAREST);
        int h = img.height();
        int w = img.width();
        for (int it = 0; it < ITERATIONS[severity - 1]; it++) {
            for (int y = h - delta; y > delta; y--) {
                for (int x = w - delta; x > delta; x--) {
                    if (random.nextBoolean()) {
                        int dx = random.nextInt(2 * delta) - delta;
                        int dy = random.nextInt(2 * delta) - delta;
                        swap(img, y, x, y + dy, x + dx);
                    }
                }
            }
        }
        Convolution2D.separable(img, kernel, Edge.NEAREST);
    }

    private static void swap(FloatImage img, int y, int x, int y2, int x2) {
        if (y2 < 0 || y2 >= img.height() || x2 < 0 || x2 >= img.width()) {
            return;
        }
        for (int c = 0; c < img.channels(); c++) {
            float t = img.get(c, y, x);
            img.set(c, y, x, img.get(c, y2, x2));
            img.set(c, y2, x2, t);
        }
    }
}
