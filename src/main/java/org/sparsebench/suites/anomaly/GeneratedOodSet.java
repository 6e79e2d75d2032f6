package org.sparsebench.suites.anomaly;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.sparsebench.api.InputShape;
import org.sparsebench.api.Seeds;
import org.sparsebench.api.SuiteContext;
import org.sparsebench.data.Floats;
import org.sparsebench.suites.support.BatchKey;

/**
 * Synthetic far-OOD images in the shape of the in-distribution data, image {@code i} drawn from the
 * seed {@code Seeds.of(runSeed, "ood/<id>", i)} alone. The kinds follow Hendrycks &amp; Gimpel (2017),
 * Liang et al. (ODIN, 2018) and Hendrycks et al. (Outlier Exposure, 2019).
 */
public final class GeneratedOodSet implements OodSet {

    /** The generators. */
    public enum Kind {
        /** i.i.d. uniform pixels in [0, 1]. */
        UNIFORM_NOISE("i.i.d. uniform pixels in [0, 1]"),
        /** i.i.d. N(0.5, 1) pixels clipped to [0, 1] (ODIN's Gaussian set). */
        GAUSSIAN_NOISE("i.i.d. N(0.5, 1) pixels clipped to [0, 1]"),
        /** Bernoulli(0.7) pixels, Gaussian blur σ = 1.5, values below 0.75 set to 0 (Outlier Exposure's blobs). */
        BLOBS("Bernoulli(0.7) pixels blurred with σ = 1.5, values below 0.75 set to 0"),
        /** One uniform grey level per image. */
        CONSTANT("one uniform random grey level per image");

        private final String description;

        Kind(String description) {
            this.description = description;
        }

        /** Suite-file id: {@code uniform-noise}, {@code gaussian-noise}, {@code blobs}, {@code constant}. */
        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private final Kind kind;
    private final Group group;

    public GeneratedOodSet(Kind kind, Group group) {
        this.kind = kind;
        this.group = group;
    }

    @Override
    public String id() {
        return kind.id();
    }

    @Override
    public Group group() {
        return group;
    }

    @Override
    public String description() {
        return kind.description;
    }

    @Override
    public Drawn draw(SuiteContext ctx, int n) {
        int[] idx = new int[n];
        Arrays.setAll(idx, i -> i);
        int[] label = new int[n];
        Arrays.fill(label, -1);
        InputShape shape = ctx.data().shape();
        // A function of (kind, shape, seed, id, from, to) only: the run's later models reuse the batches.
        return new Drawn(idx, label, (from, to) -> ctx.memo().get(
                BatchKey.of(new int[] {from, to}, "generated", id(), kind, shape, ctx.seed()), () -> {
                    float[] px = new float[(to - from) * shape.size()];
                    // Each image has its own seed and slot: the same bytes on any number of threads.
                    java.util.stream.IntStream.range(from, to).parallel().forEach(i -> {
                        float[] img = image(kind, shape, Seeds.of(ctx.seed(), "ood/" + id(), i));
                        System.arraycopy(img, 0, px, (i - from) * shape.size(), img.length);
                    });
                    return Floats.array(px, shape.batchShape(to - from));
                }));
    }

    /** One image {@code [C·H·W]} (row-major) of {@code kind}, a function of {@code seed} only. */
    public static float[] image(Kind kind, InputShape shape, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] px = new float[shape.size()];
        switch (kind) {
            case UNIFORM_NOISE -> {
                for (int i = 0; i < px.length; i++) {
                    px[i] = (float) r.nextDouble();
                }
            }
            case GAUSSIAN_NOISE -> {
                for (int i = 0; i < px.length; i++) {
                    px[i] = (float) Math.min(1, Math.max(0, 0.5 + gaussian(r)));
                }
            }
            case CONSTANT -> Arrays.fill(px, (float) r.nextDouble());
            case BLOBS -> {
                double[] b = new double[px.length];
                for (int i = 0; i < b.length; i++) {
                    b[i] = r.nextDouble() < 0.7 ? 1 : 0;
                }
                int plane = shape.height() * shape.width();
                for (int c = 0; c < shape.channels(); c++) {
                    double[] blurred = blur(Arrays.copyOfRange(b, c * plane, (c + 1) * plane), shape.height(),
                            shape.width(), 1.5);
                    for (int i = 0; i < plane; i++) {
                        px[c * plane + i] = blurred[i] < 0.75 ? 0f : (float) Math.min(1, blurred[i]);
                    }
                }
            }
            default -> throw new IllegalStateException(kind.toString());
        }
        return px;
    }

    /** Standard normal by Box–Muller from the seeded stream (SplittableRandom has no nextGaussian in Java 17). */
    private static double gaussian(SplittableRandom r) {
        double u = 1.0 - r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    /** Separable Gaussian blur, kernel truncated at 4σ, edges extended ("nearest", as scikit-image). */
    static double[] blur(double[] img, int h, int w, double sigma) {
        int radius = (int) (4 * sigma + 0.5);
        double[] k = new double[2 * radius + 1];
        double sum = 0;
        for (int i = -radius; i <= radius; i++) {
            k[i + radius] = Math.exp(-i * i / (2 * sigma * sigma));
            sum += k[i + radius];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= sum;
        }
        double[] tmp = new double[img.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double s = 0;
                for (int d = -radius; d <= radius; d++) {
                    s += k[d + radius] * img[y * w + Math.min(w - 1, Math.max(0, x + d))];
                }
                tmp[y * w + x] = s;
            }
        }
        double[] out = new double[img.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double s = 0;
                for (int d = -radius; d <= radius; d++) {
                    s += k[d + radius] * tmp[Math.min(h - 1, Math.max(0, y + d)) * w + x];
                }
                out[y * w + x] = s;
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "GeneratedOodSet(kind=" + id() + ", group=" + group.id() + ")";
    }
}
