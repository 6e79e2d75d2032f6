package org.sparsebench.suites.noise;

import java.util.SplittableRandom;

/**
 * Pixelation: box-filter down to {@code ⌊f·W⌋ × ⌊f·H⌋}, then box-filter back up (PIL's
 * {@code resize(..., BOX)} both ways), f = 0.6, 0.5, 0.4, 0.3, 0.25 (ImageNet-C and MNIST-C; at
 * 28×28: 16, 14, 11, 8 and 7 pixels). Deterministic.
 */
public final class Pixelate extends ImageCorruption {

    public Pixelate() {
        super("pixelate", "digital", false, "box down-sampling to 0.6..0.25 of the size and back (ImageNet-C)",
                0.6, 0.5, 0.4, 0.3, 0.25);
    }

    @Override
    protected void corrupt(FloatImage img, int severity, SplittableRandom random) {
        double f = parameter(severity);
        int h = img.height();
        int w = img.width();
        int sh = Math.max(1, (int) (h * f));
        int sw = Math.max(1, (int) (w * f));
        int plane = h * w;
        for (int c = 0; c < img.channels(); c++) {
            float[] p = new float[plane];
            System.arraycopy(img.data(), c * plane, p, 0, plane);
            float[] back = box(box(p, h, w, sh, sw), sh, sw, h, w);
            System.arraycopy(back, 0, img.data(), c * plane, plane);
        }
    }

    /** Area-weighted resampling of an {@code h×w} plane to {@code nh×nw}: each output pixel averages its footprint. */
    static float[] box(float[] src, int h, int w, int nh, int nw) {
        double[][] wy = weights(h, nh);
        double[][] wx = weights(w, nw);
        float[] out = new float[nh * nw];
        for (int i = 0; i < nh; i++) {
            for (int j = 0; j < nw; j++) {
                double s = 0;
                for (int y = 0; y < h; y++) {
                    if (wy[i][y] == 0) {
                        continue;
                    }
                    for (int x = 0; x < w; x++) {
                        s += wy[i][y] * wx[j][x] * src[y * w + x];
                    }
                }
                out[i * nw + j] = (float) s;
            }
        }
        return out;
    }

    /** {@code weights[i][k]}: share of output pixel i's footprint {@code [i·n/m, (i+1)·n/m)} on input pixel k. */
    private static double[][] weights(int n, int m) {
        double scale = (double) n / m;
        double[][] out = new double[m][n];
        for (int i = 0; i < m; i++) {
            double lo = i * scale;
            double hi = (i + 1) * scale;
            for (int k = (int) Math.floor(lo); k < Math.min(n, (int) Math.ceil(hi)); k++) {
                out[i][k] = (Math.min(hi, k + 1) - Math.max(lo, k)) / scale;
            }
        }
        return out;
    }
}
