package org.sparsebench.suites.adversarial;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.sparsebench.api.Seeds;
import org.sparsebench.data.Floats;
import org.sparsebench.suites.support.Predictions;

/**
 * Row-wise helpers of the attack loops. Attacks work on flat {@code [N, D]} float copies of the batch
 * (one row per sample) so that per-sample selection, blending and norms are plain matrix ops; they
 * reshape to the model's {@code [N, C, H, W]} only to call it.
 */
final class Rows {
    private Rows() {
    }

    /** A flat {@code [N, D]} float copy of {@code x}. */
    static INDArray flat(INDArray x) {
        return x.castTo(DataType.FLOAT).dup('c').reshape(x.size(0), -1);
    }

    /** {@code f} reshaped to {@code [rows, C, H, W]} taken from {@code like} ({@code [N, C, H, W]}). */
    static INDArray image(INDArray f, long[] like) {
        long[] s = like.clone();
        s[0] = f.size(0);
        return f.reshape('c', s);
    }

    /** Rows {@code rows} of {@code a} (a copy). */
    static INDArray take(INDArray a, int[] rows) {
        if (plain(a) && rows.length > 0) {
            // Bulk row copies through the native buffers (pullRows is a native op with per-call TAD and
            // thread set-up that costs more than the copy).
            INDArray out = Nd4j.createUninitialized(DataType.FLOAT, new long[] {rows.length, a.size(1)}, 'c');
            copyRows(out, range(rows.length), a, rows);
            return out;
        }
        return Nd4j.pullRows(a, 1, rows, 'c'); // one native op, already row-major (no extra copy)
    }

    static int[] take(int[] a, int[] rows) {
        int[] out = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = a[rows[i]];
        }
        return out;
    }

    static long[] take(long[] a, int[] rows) {
        long[] out = new long[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = a[rows[i]];
        }
        return out;
    }

    static double[] take(double[] a, int[] rows) {
        double[] out = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = a[rows[i]];
        }
        return out;
    }

    static boolean[] take(boolean[] a, int[] rows) {
        boolean[] out = new boolean[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = a[rows[i]];
        }
        return out;
    }

    static int[][] take(int[][] a, int[] rows) {
        int[][] out = new int[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = a[rows[i]];
        }
        return out;
    }

    /** Indices {@code i} with {@code mask[i] == value}. */
    static int[] where(boolean[] mask, boolean value) {
        return java.util.stream.IntStream.range(0, mask.length).filter(i -> mask[i] == value).toArray();
    }

    /** Copies row {@code i} of {@code src} into row {@code rows[i]} of {@code dst}, for every i. */
    static void scatter(INDArray dst, int[] rows, INDArray src) {
        scatter(dst, rows, src, null);
    }

    /** Copies row {@code from[i]} of {@code src} (row i when {@code from} is null) into row {@code to[i]} of {@code dst}. */
    static void scatter(INDArray dst, int[] to, INDArray src, int[] from) {
        if (!copyRows(dst, to, src, from)) {
            for (int i = 0; i < to.length; i++) {
                dst.putRow(to[i], src.getRow(from == null ? i : from[i]));
            }
        }
    }

    /** In place: row i of {@code dst} becomes row i of {@code src} where {@code mask[i]}. */
    static void blend(INDArray dst, INDArray src, boolean[] mask) {
        int[] rows = where(mask, true);
        scatter(dst, rows, src, rows);
    }

    /**
     * Row copies between two contiguous float matrices through their native buffers (bulk copies, no
     * per-row ops): row {@code from[i]} (or i) of {@code src} into row {@code to[i]} of {@code dst}. False,
     * and nothing copied, when either array is not a plain row-major float matrix.
     */
    private static boolean copyRows(INDArray dst, int[] to, INDArray src, int[] from) {
        if (!plain(dst) || !plain(src) || dst.size(1) != src.size(1)) {
            return false;
        }
        int d = (int) dst.size(1);
        java.nio.FloatBuffer out = dst.data().asNioFloat();
        java.nio.FloatBuffer in = src.data().asNioFloat();
        float[] row = new float[d];
        for (int i = 0; i < to.length; i++) {
            in.position((from == null ? i : from[i]) * d);
            in.get(row);
            out.position(to[i] * d);
            out.put(row);
        }
        return true;
    }

    private static boolean plain(INDArray a) {
        return a.dataType() == DataType.FLOAT && a.rank() == 2 && a.ordering() == 'c' && !a.isView()
                && a.offset() == 0 && a.elementWiseStride() == 1;
    }

    static INDArray column(double[] v) {
        return Nd4j.createFromArray(v).castTo(DataType.FLOAT).reshape(v.length, 1);
    }

    /** The steepest-ascent direction of the norm's unit ball: {@code sign(g)} (L∞) or {@code g/‖g‖₂} (L2). */
    static INDArray direction(INDArray g, String norm) {
        if (Norms.LINF.equals(norm)) {
            return Transforms.sign(g, true);
        }
        return g.divColumnVector(g.norm2(1).reshape(g.size(0), 1).addi(1e-12));
    }

    /**
     * {@code x + step·sign(g)} (the L∞ ascent step) in one host pass: the float operations of
     * {@code x.addi(Transforms.sign(g).muli(step))}, so the same bits, without three native ops. A
     * fresh array; {@code x} and {@code g} are unchanged.
     */
    static INDArray signStep(INDArray x, INDArray g, double step) {
        if (x.dataType() != DataType.FLOAT || g.dataType() != DataType.FLOAT || x.length() != g.length()) {
            return x.dup().addi(Transforms.sign(g, true).muli(step));
        }
        float[] v = Floats.scratch(x, 0);
        float[] d = Floats.scratch(g, 1);
        int len = (int) x.length();
        float s = (float) step;
        for (int k = 0; k < len; k++) {
            v[k] = v[k] + Math.signum(d[k]) * s;
        }
        return Floats.array(v, len, x.shape());
    }

    /** Arg-max class per row; throws on non-finite logits. */
    static int[] predict(String modelId, INDArray logits) {
        return Predictions.argmax(modelId, logits);
    }

    /** A seed for stream {@code stream} (restart, stage, target) of a sample seed. */
    static long derive(long seed, long stream) {
        return Seeds.mix(seed + 0x9e3779b97f4a7c15L * (stream + 1));
    }

    /**
     * A random point of the ε-ball per row, drawn from the row's seed: uniform in the L∞ cube, or
     * uniform in the L2 ball (Gaussian direction, radius ε·u^(1/D)).
     */
    static INDArray randomInBall(String norm, double eps, int d, long[] seeds) {
        float[] out = new float[seeds.length * d];
        for (int i = 0; i < seeds.length; i++) {
            SplittableRandom r = new SplittableRandom(seeds[i]);
            if (Norms.LINF.equals(norm)) {
                for (int j = 0; j < d; j++) {
                    out[i * d + j] = (float) (eps * (2 * r.nextDouble() - 1));
                }
            } else {
                double[] g = new double[d];
                double n2 = 0;
                for (int j = 0; j < d; j++) {
                    g[j] = gaussian(r);
                    n2 += g[j] * g[j];
                }
                double radius = eps * Math.pow(r.nextDouble(), 1.0 / d) / Math.sqrt(n2 + 1e-30);
                for (int j = 0; j < d; j++) {
                    out[i * d + j] = (float) (g[j] * radius);
                }
            }
        }
        return Floats.array(out, new long[] {seeds.length, d});
    }

    static double gaussian(SplittableRandom r) {
        // Box–Muller; one of the pair is enough here.
        double u = 1.0 - r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    /** Logits as a {@code [n][k]} double array (one small host copy per step, for the loss bookkeeping). */
    static double[][] host(INDArray logits) {
        return logits.castTo(DataType.DOUBLE).toDoubleMatrix();
    }

    /** Margin {@code z_y − max_{j≠y} z_j} per row and the index of the runner-up class. */
    static double[] margin(double[][] z, int[] y, int[] runnerUp) {
        double[] m = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            int best = -1;
            for (int j = 0; j < z[i].length; j++) {
                if (j != y[i] && (best < 0 || z[i][j] > z[i][best])) {
                    best = j;
                }
            }
            if (runnerUp != null) {
                runnerUp[i] = best;
            }
            m[i] = z[i][y[i]] - z[i][best];
        }
        return m;
    }

    /** Classes of row {@code z} sorted by decreasing logit. */
    static int[] order(double[] z) {
        return java.util.stream.IntStream.range(0, z.length).boxed()
                .sorted((a, b) -> Double.compare(z[b], z[a])).mapToInt(Integer::intValue).toArray();
    }

    static int[] range(int n) {
        int[] r = new int[n];
        Arrays.setAll(r, i -> i);
        return r;
    }
}
