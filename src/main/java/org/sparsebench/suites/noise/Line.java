package org.sparsebench.suites.noise;

import java.util.SplittableRandom;

/**
 * Bright lines drawn across the image: severity s draws s lines (1..5). Each is MNIST-C's
 * {@code line}: from column c0 ∈ [0, 5) to c1 ∈ [22, 27), rows r0, r1 ∈ [0, 27) at 28×28 (scaled with
 * the image), brightness {@code log(1 − d/2.3) + 1} at vertical distance d px from it, added to every
 * channel.
 */
public final class Line extends ImageCorruption {

    public Line() {
        super("line", "lines", true, "1..5 bright anti-aliased lines across the image (MNIST-C's line)", 1, 2, 3, 4, 5);
    }

    @Override
    protected void corrupt(FloatImage img, int severity, SplittableRandom random) {
        double sx = img.width() / 28.0;
        double sy = img.height() / 28.0;
        for (int i = 0; i < (int) parameter(severity); i++) {
            double c0 = random.nextInt(0, 5) * sx;
            double c1 = random.nextInt(22, 27) * sx;
            double r0 = random.nextInt(0, 27) * sy;
            double r1 = random.nextInt(0, 27) * sy;
            draw(img, c0, r0, c1, r1);
        }
    }

    private static void draw(FloatImage img, double c0, double r0, double c1, double r1) {
        double slope = (r1 - r0) / (c1 - c0);
        int from = (int) Math.floor(c0);
        int to = Math.min(img.width(), (int) Math.ceil(c1));
        for (int x = from; x < to; x++) {
            double row = r0 + slope * (x - c0);
            for (int y = 0; y < img.height(); y++) {
                double d = Math.min(Math.abs(y - row), 2.3 - 1e-10);
                double v = Math.max(0, Math.min(1, Math.log(1 - d / 2.3) + 1));
                for (int c = 0; c < img.channels(); c++) {
                    img.set(c, y, x, img.get(c, y, x) + (float) v);
                }
            }
        }
    }
}
