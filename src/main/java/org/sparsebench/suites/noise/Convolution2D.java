package org.sparsebench.suites.noise;

/**
 * Correlation of every channel plane with a centred kernel (odd sizes), in place. Kernels are not
 * flipped: every kernel used here is symmetric or built for correlation.
 */
final class Convolution2D {
    private Convolution2D() {
    }

    /** Filters rows, then columns, with the same 1-D kernel: a separable 2-D filter. */
    static void separable(FloatImage img, float[] kernel, Edge edge) {
        int h = img.height();
        int w = img.width();
        int r = kernel.length / 2;
        float[] d = img.data();
        float[] line = new float[Math.max(h, w)];
        for (int c = 0; c < img.channels(); c++) {
            int base = c * h * w;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double s = 0;
                    for (int k = -r; k <= r; k++) {
                        s += kernel[k + r] * d[base + y * w + edge.index(x + k, w)];
                    }
                    line[x] = (float) s;
                }
                System.arraycopy(line, 0, d, base + y * w, w);
            }
            for (int x = 0; x < w; x++) {
                for (int y = 0; y < h; y++) {
                    double s = 0;
                    for (int k = -r; k <= r; k++) {
                        s += kernel[k + r] * d[base + edge.index(y + k, h) * w + x];
                    }
                    line[y] = (float) s;
                }
                for (int y = 0; y < h; y++) {
                    d[base + y * w + x] = line[y];
                }
            }
        }
    }

    /** Filters with a full 2-D kernel {@code kernel[dy][dx]}, centred. */
    static void full(FloatImage img, float[][] kernel, Edge edge) {
        int h = img.height();
        int w = img.width();
        int ry = kernel.length / 2;
        int rx = kernel[0].length / 2;
        float[] d = img.data();
        float[] out = new float[h * w];
        for (int c = 0; c < img.channels(); c++) {
            int base = c * h * w;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double s = 0;
                    for (int i = -ry; i <= ry; i++) {
                        int row = base + edge.index(y + i, h) * w;
                        float[] k = kernel[i + ry];
                        for (int j = -rx; j <= rx; j++) {
                            s += k[j + rx] * d[row + edge.index(x + j, w)];
                        }
                    }
                    out[y * w + x] = (float) s;
                }
            }
            System.arraycopy(out, 0, d, base, h * w);
        }
    }
}
