package org.sparsebench.suites.noise;

/** Normalized filter kernels (weights sum to 1). */
final class Kernels {
    private Kernels() {
    }

    /**
     * Sampled Gaussian of standard deviation {@code sigma} over {@code ±round(truncate·σ)} taps, as
     * scipy's {@code gaussian_filter} builds it (skimage's {@code gaussian} uses truncate 4).
     */
    static float[] gaussian(double sigma, double truncate) {
        return gaussian(sigma, (int) (truncate * sigma + 0.5));
    }

    /** Sampled Gaussian with an explicit radius (taps {@code -radius..radius}). */
    static float[] gaussian(double sigma, int radius) {
        float[] k = new float[2 * radius + 1];
        double sum = 0;
        for (int i = -radius; i <= radius; i++) {
            double v = Math.exp(-i * i / (2 * sigma * sigma));
            k[i + radius] = (float) v;
            sum += v;
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= (float) sum;
        }
        return k;
    }

    /**
     * ImageNet-C's defocus kernel: the indicator of the disk {@code x² + y² ≤ r²} on the integer grid,
     * normalized, then smoothed by a 3×3 Gaussian of σ {@code aliasBlur} against aliasing.
     */
    static float[][] disk(double radius, double aliasBlur) {
        int r = (int) Math.ceil(radius) + 1;
        int n = 2 * r + 1;
        FloatImage k = new FloatImage(1, n, n);
        for (int y = -r; y <= r; y++) {
            for (int x = -r; x <= r; x++) {
                k.set(0, y + r, x + r, x * x + y * y <= radius * radius ? 1f : 0f);
            }
        }
        Convolution2D.separable(k, gaussian(aliasBlur, 1), Edge.REFLECT_101);
        float[][] out = new float[n][n];
        double sum = 0;
        for (float v : k.data()) {
            sum += v;
        }
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                out[y][x] = (float) (k.get(0, y, x) / sum);
            }
        }
        return out;
    }
}
