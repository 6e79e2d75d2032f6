package org.sparsebench.suites.noise;

/**
 * Geometric resampling: every output pixel reads the input at a source position, bilinearly
 * interpolated, with black ({@code 0}) outside the image (scikit-image's {@code warp} and scipy's
 * {@code map_coordinates} with {@code mode='constant'}, order 1).
 */
final class Warp {
    private Warp() {
    }

    /** {@code out(c, y, x) = in(c, y + dy[y·W + x], x + dx[y·W + x])}, in place. */
    static void displace(FloatImage img, double[] dy, double[] dx) {
        int h = img.height();
        int w = img.width();
        FloatImage src = img.copy();
        for (int c = 0; c < img.channels(); c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int p = y * w + x;
                    img.set(c, y, x, src.bilinear(c, y + dy[p], x + dx[p], 0f));
                }
            }
        }
    }

    /**
     * The inverse map of an affine transform about the image centre {@code ((W−1)/2, (H−1)/2)}: the
     * output pixel at {@code p} reads the input at {@code centre + A (p − centre) + t}, with
     * {@code A = [[a, b], [c, d]]} acting on {@code (x, y)} = (column, row), as scikit-image's
     * {@code warp(x, inverse_map=AffineTransform(...))} with MNIST-C's centring.
     */
    static void affine(FloatImage img, double a, double b, double c, double d, double tx, double ty) {
        int h = img.height();
        int w = img.width();
        double cx = (w - 1) / 2.0;
        double cy = (h - 1) / 2.0;
        double[] dy = new double[h * w];
        double[] dx = new double[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double u = x - cx;
                double v = y - cy;
                dx[y * w + x] = cx + a * u + b * v + tx - x;
                dy[y * w + x] = cy + c * u + d * v + ty - y;
            }
        }
        displace(img, dy, dx);
    }
}
