package org.sparsebench.suites.noise;

import java.util.SplittableRandom;

/**
 * A plasma-fractal height map by the diamond-square algorithm on a torus, the fog texture of
 * ImageNet-C: level by level, each new point is the mean of its four parents plus uniform noise of
 * amplitude {@code w²}, with {@code w} starting at 100 and divided by {@code decay} per level; the
 * result is scaled to [0, 1].
 */
final class PlasmaFractal {
    private PlasmaFractal() {
    }

    /** A {@code size×size} map, row-major; {@code size} a power of two. */
    static double[] generate(int size, double decay, SplittableRandom random) {
        if (size < 2 || Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("fractal size must be a power of two >= 2: " + size);
        }
        double[] m = new double[size * size];
        double wibble = 100;
        for (int step = size; step >= 2; step /= 2) {
            int half = step / 2;
            for (int y = half; y < size; y += step) {
                for (int x = half; x < size; x += step) {
                    double corners = at(m, size, y - half, x - half) + at(m, size, y - half, x + half)
                            + at(m, size, y + half, x - half) + at(m, size, y + half, x + half);
                    m[y * size + x] = corners / 4 + wibble * random.nextDouble(-wibble, wibble);
                }
            }
            for (int y = 0; y < size; y += half) {
                for (int x = (y / half) % 2 == 0 ? half : 0; x < size; x += step) {
                    double sides = at(m, size, y - half, x) + at(m, size, y + half, x) + at(m, size, y, x - half)
                            + at(m, size, y, x + half);
                    m[y * size + x] = sides / 4 + wibble * random.nextDouble(-wibble, wibble);
                }
            }
            wibble /= decay;
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : m) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        for (int i = 0; i < m.length; i++) {
            m[i] = (m[i] - min) / (max - min);
        }
        return m;
    }

    private static double at(double[] m, int size, int y, int x) {
        return m[Math.floorMod(y, size) * size + Math.floorMod(x, size)];
    }
}
