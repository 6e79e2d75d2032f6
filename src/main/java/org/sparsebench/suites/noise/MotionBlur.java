package org.sparsebench.suites.noise;

import java.util.SplittableRandom;

/**
 * Motion blur as ImageMagick's {@code -motion-blur radius x sigma + angle} that ImageNet-C and
 * MNIST-C call: a one-sided line kernel of {@code 2·⌈radius⌉ + 1} taps at integer offsets along a
 * random angle in [−45°, 45°], weights {@code exp(−i²/2σ²)}, border pixels repeated. (radius, σ) =
 * (10, 3), (15, 5), (15, 8), (15, 12), (20, 15) pixels at 28×28 (MNIST-C), scaled with the image side.
 */
public final class MotionBlur extends ImageCorruption {
    private static final double[] RADIUS = {10, 15, 15, 15, 20};

    public MotionBlur() {
        super("motion-blur", "blur", true, "motion blur along a random angle, sigma 3..15 px at 28x28 (MNIST-C)",
                3, 5, 8, 12, 15);
    }

    @Override
    protected void corrupt(FloatImage img, int severity, SplittableRandom random) {
        double scale = img.side() / 28.0;
        double sigma = parameter(severity) * scale;
        int taps = 2 * (int) Math.ceil(RADIUS[severity - 1] * scale) + 1;
        double angle = Math.toRadians(random.nextDouble(-45, 45));
        double[] weight = new double[taps];
        int[] ox = new int[taps];
        int[] oy = new int[taps];
        double sum = 0;
        for (int i = 0; i < taps; i++) {
            weight[i] = Math.exp(-(double) i * i / (2 * sigma * sigma));
            sum += weight[i];
            ox[i] = (int) Math.round(i * Math.cos(angle));
            oy[i] = (int) Math.round(i * Math.sin(angle));
        }
        FloatImage src = img.copy();
        int h = img.height();
        int w = img.width();
        for (int c = 0; c < img.channels(); c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double s = 0;
                    for (int i = 0; i < taps; i++) {
                        s += weight[i] * src.get(c, Edge.NEAREST.index(y + oy[i], h), Edge.NEAREST.index(x + ox[i], w));
                    }
                    img.set(c, y, x, (float) (s / sum));
                }
            }
        }
    }
}
