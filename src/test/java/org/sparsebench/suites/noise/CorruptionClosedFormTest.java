package org.sparsebench.suites.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Corruptions against answers worked out by hand or from the distribution they draw from. */
class CorruptionClosedFormTest {
    private static final long[] SEEDS = {11, 12, 13, 14};

    private static INDArray grey(float value) {
        return Nd4j.valueArrayOf(new long[] {4, 1, 64, 64}, value);
    }

    private static INDArray ramp(int c, int h, int w) {
        float[] v = new float[c * h * w];
        for (int i = 0; i < v.length; i++) {
            v[i] = (i % 97) / 96f;
        }
        return Nd4j.create(v, new long[] {1, c, h, w}, 'c');
    }

    @Test
    void uniformNoiseHasTheGaussianSeveritysStandardDeviation() {
        // U(-a, a) has std a/√3 = σ by construction; mid-grey keeps |noise| ≤ 0.21 < 0.5, so nothing clips.
        // 16384 values: the std estimate's standard error is about σ·0.0049 < 0.001.
        for (int s = 1; s <= 2; s++) {
            INDArray d = new UniformNoise().apply(grey(0.5f), s, SEEDS).sub(grey(0.5f));
            assertEquals(new GaussianNoise().severityParameters()[s - 1], d.stdNumber().doubleValue(), 0.002);
            assertEquals(0.0, d.meanNumber().doubleValue(), 0.003);
        }
    }

    @Test
    void speckleNoiseStdIsCTimesTheValue() {
        // x + x·N(0, c²) at x = 0.5, c = 0.15: std 0.075; clipping at 0 or 1 is 6.7σ away.
        INDArray d = new SpeckleNoise().apply(grey(0.5f), 1, SEEDS).sub(grey(0.5f));
        assertEquals(0.5 * 0.15, d.stdNumber().doubleValue(), 0.002);
    }

    @Test
    void shotNoiseHasPoissonMeanAndVariance() {
        // Poisson(λx)/λ at x = 0.5, λ = 60: mean 0.5, variance x/λ = 1/120 (std 0.0913); 16384 values.
        INDArray y = new ShotNoise().apply(grey(0.5f), 1, SEEDS);
        assertEquals(0.5, y.meanNumber().doubleValue(), 0.003);
        assertEquals(1 / 120.0, Math.pow(y.stdNumber().doubleValue(), 2), 0.0004);
        // Knuth in pieces of mean ≤ 30: a mean of 75 needs three pieces; Poisson mean = variance = 75.
        SplittableRandom r = new SplittableRandom(3);
        double sum = 0;
        double sq = 0;
        int n = 20000;
        for (int i = 0; i < n; i++) {
            int k = ShotNoise.poisson(75, r);
            sum += k;
            sq += (double) k * k;
        }
        double mean = sum / n;
        assertEquals(75, mean, 0.25); // standard error √(75/20000) ≈ 0.061
        assertEquals(75, sq / n - mean * mean, 3.0); // standard error of the variance ≈ 75·√(2/n) ≈ 0.75
    }

    @Test
    void impulseNoiseReplacesTheSeveritysFractionHalfSaltHalfPepper() {
        INDArray y = new ImpulseNoise().apply(grey(0.5f), 5, SEEDS);
        float[] v = y.data().asFloat();
        int salt = 0;
        int pepper = 0;
        for (float f : v) {
            salt += f == 1f ? 1 : 0;
            pepper += f == 0f ? 1 : 0;
        }
        // p = 0.27 of 16384 values: 4424 expected, binomial sd ≈ 57.
        assertEquals(0.27, (salt + pepper) / (double) v.length, 0.012);
        assertEquals(0.5, salt / (double) (salt + pepper), 0.03);
    }

    @Test
    void contrastIsTheAffineMapTowardsTheChannelMean() {
        INDArray x = ramp(2, 9, 11);
        float[] in = x.data().asFloat();
        double[] c = new Contrast().severityParameters();
        for (int s = 1; s <= 5; s++) {
            float[] out = new Contrast().apply(x, s, new long[] {1}).data().asFloat();
            for (int ch = 0; ch < 2; ch++) {
                double mean = 0;
                for (int j = ch * 99; j < (ch + 1) * 99; j++) {
                    mean += in[j] / 99.0;
                }
                for (int j = ch * 99; j < (ch + 1) * 99; j++) {
                    assertEquals(mean + c[s - 1] * (in[j] - mean), out[j], 1e-6);
                }
            }
        }
    }

    @Test
    void brightnessAddsToGreyAndScalesColourByTheValueRatio() {
        INDArray x = ramp(1, 8, 8);
        float[] in = x.data().asFloat();
        float[] out = new Brightness().apply(x, 3, new long[] {1}).data().asFloat();
        for (int j = 0; j < in.length; j++) {
            assertEquals(Math.min(1.0, in[j] + 0.3), out[j], 1e-6);
        }
        // RGB (0.2, 0.4, 0.1): HSV value 0.4 → 0.5 at severity 1, hue and saturation kept → × 1.25.
        INDArray rgb = Nd4j.create(new float[] {0.2f, 0.4f, 0.1f}, new long[] {1, 3, 1, 1}, 'c');
        assertArrayEquals(new float[] {0.25f, 0.5f, 0.125f}, new Brightness().apply(rgb, 1, new long[] {1}).data()
                .asFloat(), 1e-6f);
    }

    @Test
    void blurOfAConstantImageIsTheConstant() {
        INDArray x = Nd4j.valueArrayOf(new long[] {2, 3, 20, 17}, 0.37f);
        for (ImageCorruption c : List.of(new GaussianBlur(), new DefocusBlur(), new MotionBlur(), new GlassBlur())) {
            for (int s = 1; s <= 5; s++) {
                float[] v = c.apply(x, s, new long[] {1, 2}).data().asFloat();
                for (float f : v) {
                    assertEquals(0.37f, f, 1e-5f, c.name() + " severity " + s);
                }
            }
        }
    }

    @Test
    void jpegAtQuality100StaysWithinTwoLevels() {
        // Quality 100 quantizes every DCT coefficient with step 1: greyscale (the benchmark's data) comes
        // back within 2 levels, even for saw-tooth content. Colour also rounds Y, Cb and Cr to 8 bits on the
        // way (full chroma resolution), which costs at most one more level.
        for (int channels : new int[] {1, 3}) {
            float bound = (channels == 1 ? 2 : 3) / 255f;
            float[] bytes = ramp(channels, 28, 28).data().asFloat();
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = Math.round(bytes[i] * 255) / 255f; // 8-bit content, as the data sets hold
            }
            FloatImage img = new FloatImage(channels, 28, 28, bytes);
            FloatImage original = img.copy();
            JpegCompression.roundTrip(img, 100);
            for (int i = 0; i < img.data().length; i++) {
                assertEquals(original.data()[i], img.data()[i], bound, channels + " channels, value " + i);
            }
        }
    }

    @Test
    void stripeInvertsTheOuterColumnsOnly() {
        // Severity 5 at width 28: columns 0-6 and 21-27 inverted, MNIST-C's stripe.
        INDArray x = ramp(1, 28, 28);
        float[] in = x.data().asFloat();
        float[] out = new Stripe().apply(x, 5, new long[] {1}).data().asFloat();
        for (int j = 0; j < in.length; j++) {
            int col = j % 28;
            assertEquals(col < 7 || col >= 21 ? 1 - in[j] : in[j], out[j], 1e-7, "column " + col);
        }
    }

    @Test
    void quantizeRoundsToTheSeveritysLevels() {
        // 1 bit (severity 5): values round to 0 or 1; 2 bits: to multiples of 1/3.
        INDArray x = Nd4j.create(new float[] {0.1f, 0.49f, 0.51f, 0.9f}, new long[] {1, 1, 2, 2}, 'c');
        assertArrayEquals(new float[] {0, 0, 1, 1}, new Quantize().apply(x, 5, new long[] {1}).data().asFloat(), 0f);
        assertArrayEquals(new float[] {0, 1 / 3f, 2 / 3f, 1}, new Quantize().apply(x, 4, new long[] {1}).data()
                .asFloat(), 1e-6f);
    }

    @Test
    void integerTranslationShiftsPixelsExactly() {
        // Translate by ±1 px at 28×28 on both axes: every output pixel is an input pixel one step away, or black.
        INDArray x = ramp(1, 28, 28);
        float[] in = x.data().asFloat();
        float[] out = new Translate().apply(x, 1, new long[] {5}).data().asFloat();
        boolean found = false;
        for (int sy : new int[] {-1, 1}) {
            for (int sx : new int[] {-1, 1}) {
                boolean all = true;
                for (int y = 0; y < 28 && all; y++) {
                    for (int xx = 0; xx < 28 && all; xx++) {
                        int ys = y + sy;
                        int xs = xx + sx;
                        float expect = ys < 0 || ys >= 28 || xs < 0 || xs >= 28 ? 0f : in[ys * 28 + xs];
                        all = Math.abs(expect - out[y * 28 + xx]) < 1e-6;
                    }
                }
                found |= all;
            }
        }
        assertTrue(found, "output is the input shifted by (±1, ±1)");
    }

    @Test
    void quarterTurnAboutTheCentreIsAnIndexRotation() {
        // A = [[0, -1], [1, 0]] about ((W-1)/2, (H-1)/2) on a square image: out(y, x) = in(x, W-1-y), exact.
        FloatImage img = new FloatImage(1, 5, 5, ramp(1, 5, 5).data().asFloat());
        FloatImage in = img.copy();
        Warp.affine(img, 0, -1, 1, 0, 0, 0);
        for (int y = 0; y < 5; y++) {
            for (int x = 0; x < 5; x++) {
                assertEquals(in.get(0, x, 4 - y), img.get(0, y, x), 1e-6);
            }
        }
    }

    @Test
    void pixelateBoxFilterAveragesBlocksAndReplicatesBack() {
        // 4×4 → 2×2: each output is the mean of a 2×2 block; 2×2 → 4×4 repeats each value in a block.
        float[] src = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
        float[] small = Pixelate.box(src, 4, 4, 2, 2);
        assertArrayEquals(new float[] {2.5f, 4.5f, 10.5f, 12.5f}, small, 1e-6f);
        assertArrayEquals(new float[] {2.5f, 2.5f, 4.5f, 4.5f, 2.5f, 2.5f, 4.5f, 4.5f, 10.5f, 10.5f, 12.5f, 12.5f,
                10.5f, 10.5f, 12.5f, 12.5f}, Pixelate.box(small, 2, 2, 4, 4), 1e-6f);
        // 3 → 2 pixels: footprints [0, 1.5) and [1.5, 3): (a + b/2)/1.5 and (b/2 + c)/1.5.
        assertArrayEquals(new float[] {(3 + 6 / 2f) / 1.5f, (6 / 2f + 9) / 1.5f}, Pixelate.box(new float[] {3, 6, 9},
                1, 3, 1, 2), 1e-6f);
    }

    @Test
    void kernelsAreNormalizedAndTheWideDefocusDiskIsTheThreeByThreeBox() {
        float[] g = Kernels.gaussian(1.0, 4.0);
        assertEquals(9, g.length); // radius round(4·1) = 4
        double sum = 0;
        for (float v : g) {
            sum += v;
        }
        assertEquals(1.0, sum, 1e-6);
        assertEquals(Math.exp(-0.5), g[5] / g[4], 1e-6); // neighbour ratio e^(−1/2σ²)
        // Radius 1.5 covers the 3×3 block (x² + y² ≤ 2.25); alias blur 0.1 leaks e^(−50) ≈ 0: 1/9 each.
        float[][] disk = Kernels.disk(1.5, 0.1);
        int r = disk.length / 2;
        for (int y = -r; y <= r; y++) {
            for (int x = -r; x <= r; x++) {
                assertEquals(Math.abs(x) <= 1 && Math.abs(y) <= 1 ? 1 / 9.0 : 0.0, disk[y + r][x + r], 1e-7);
            }
        }
    }

    @Test
    void plasmaFractalSpansZeroToOne() {
        double[] f = PlasmaFractal.generate(32, 2, new SplittableRandom(1));
        double min = 1;
        double max = 0;
        for (double v : f) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertEquals(0.0, min, 0);
        assertEquals(1.0, max, 0);
    }

    @Test
    void edgeModesIndexLikeScipyAndOpenCv() {
        // n = 4: nearest 0 0 | 0 1 2 3 | 3 3; reflect-101 2 1 | 0 1 2 3 | 2 1, and far out keeps reflecting.
        int[] nearest = new int[8];
        int[] reflect = new int[8];
        for (int i = -2; i < 6; i++) {
            nearest[i + 2] = Edge.NEAREST.index(i, 4);
            reflect[i + 2] = Edge.REFLECT_101.index(i, 4);
        }
        assertArrayEquals(new int[] {0, 0, 0, 1, 2, 3, 3, 3}, nearest);
        assertArrayEquals(new int[] {2, 1, 0, 1, 2, 3, 2, 1}, reflect);
        assertEquals(1, Edge.REFLECT_101.index(7, 4)); // period 6: 7 ≡ 1
    }
}
