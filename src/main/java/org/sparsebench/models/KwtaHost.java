package org.sparsebench.models;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparsebench.sparse.KWinnersTakeAll;

/**
 * The forward pass of {@link KWinnersTakeAll#apply} on host memory, samples in parallel: per sample of
 * M values, {@code k = winners(ratio, M)}, the graph's {@value KWinnersTakeAll#BISECTION_STEPS}
 * bisection steps on {@code [min, max]} in the graph's data type, {@code mask = value ≥ lo},
 * {@code out = value · mask}.
 *
 * <p>The bisection's test "at least k values are ≥ mid" holds exactly when the k-th largest value
 * {@code v_k} is ≥ mid, so {@code v_k} is found once (float32: radix selection; float64: quickselect;
 * both O(M)) and the steps become scalar
 * arithmetic: the same lo, in the same float32 (or float64) operations, as the graph's 16 counting
 * passes. The float32 count the graph sums is exact for M below 2²⁴.
 */
final class KwtaHost {
    private KwtaHost() {
    }

    /**
     * Writes k-WTA of {@code z} to {@code out} and its 0/1 mask to {@code mask} (all three c-order, same
     * shape, the graph's data type, FLOAT or DOUBLE); a sample is one index of axis 0.
     */
    static void forward(INDArray z, INDArray out, INDArray mask, double ratio) {
        int n = Math.toIntExact(z.size(0));
        int m = Math.toIntExact(z.length() / n);
        long k = KWinnersTakeAll.winners(ratio, m);
        boolean single = z.dataType() == DataType.FLOAT;
        if (!single && z.dataType() != DataType.DOUBLE) {
            throw new IllegalArgumentException("k-WTA on " + z.dataType());
        }
        FloatBuffer zf = single ? z.data().asNioFloat() : null;
        FloatBuffer of = single ? out.data().asNioFloat() : null;
        FloatBuffer mf = single ? mask.data().asNioFloat() : null;
        DoubleBuffer zd = single ? null : z.data().asNioDouble();
        DoubleBuffer od = single ? null : out.data().asNioDouble();
        DoubleBuffer md = single ? null : mask.data().asNioDouble();
        IntStream.range(0, n).parallel().forEach(s -> {
            int base = s * m;
            Scratch t = scratch(m, single);
            double[] v = t.work;
            if (single) {
                float[] x = t.values;
                zf.get(base, x, 0, m);
                float lo = threshold(x, m, k, t.keys, t.candidates);
                float[] g = t.mask;
                for (int j = 0; j < m; j++) {
                    g[j] = x[j] >= lo ? 1f : 0f;
                    x[j] = x[j] * g[j];
                }
                mf.put(base, g, 0, m);
                of.put(base, x, 0, m);
            } else {
                zd.get(base, v, 0, m);
                double[] x = t.doubles;
                System.arraycopy(v, 0, x, 0, m);
                double lo = threshold(v, m, k);
                double[] g = t.doubleMask;
                for (int j = 0; j < m; j++) {
                    g[j] = x[j] >= lo ? 1.0 : 0.0;
                    x[j] = x[j] * g[j];
                }
                md.put(base, g, 0, m);
                od.put(base, x, 0, m);
            }
        });
    }

    /**
     * This thread's scratch for samples of {@code m} values, reused across calls and layers (grown when a
     * larger sample comes): allocating it per call was most of a default run's garbage, which the
     * native-memory guard's resident-set checks turned into full collections.
     */
    private static Scratch scratch(int m, boolean single) {
        Scratch t = SCRATCH.get();
        if (t == null || t.capacity < m || t.single != single) {
            t = new Scratch(Math.max(m, t == null || t.single != single ? 0 : t.capacity), single);
            SCRATCH.set(t);
        }
        return t;
    }

    /** Per-thread arrays for one sample. */
    private static final class Scratch {
        final double[] work;
        final float[] values;
        final float[] mask;
        final double[] doubles;
        final double[] doubleMask;
        final int[] keys;
        final int[] candidates;

        /** Only the arrays of one data type: float32 {@code single}, else float64. */
        final int capacity;
        final boolean single;

        Scratch(int m, boolean single) {
            this.capacity = m;
            this.single = single;
            keys = single ? new int[m] : null;
            candidates = single ? new int[m] : null;
            values = single ? new float[m] : null;
            mask = single ? new float[m] : null;
            work = single ? null : new double[m];
            doubles = single ? null : new double[m];
            doubleMask = single ? null : new double[m];
        }
    }

    private static final int RADIX = 1 << 11;
    private static final ThreadLocal<Scratch> SCRATCH = new ThreadLocal<>();
    /** The radix selection's three histograms (11, 11 and 10 bits), per thread, cleared before each use. */
    private static final ThreadLocal<int[][]> HISTOGRAMS = ThreadLocal.withInitial(
            () -> new int[][] {new int[RADIX], new int[RADIX], new int[1 << 10]});
    /** Below this many values quickselect beats clearing the radix histograms (dense layers). */
    static final int SMALL = 1024;

    private static double min(double[] v, int m) {
        double min = Double.POSITIVE_INFINITY;
        for (int j = 0; j < m; j++) {
            min = v[j] < min ? v[j] : min;
        }
        return min;
    }

    private static double max(double[] v, int m) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < m; j++) {
            max = v[j] > max ? v[j] : max;
        }
        return max;
    }

    /**
     * The threshold lo of the float32 sample {@code x[0, m)} with k winners, in float32 arithmetic; the k-th
     * largest value by radix selection on the values' order-preserving integer keys (11, 11 and 10 bits:
     * two passes over the sample, then passes over the few values that share the answer's leading bits).
     * {@code keys} and {@code candidates} are scratch arrays of length ≥ m.
     */
    static float threshold(float[] x, int m, long k, int[] keys, int[] candidates) {
        if (m < SMALL) {
            double[] v = new double[m];
            for (int j = 0; j < m; j++) {
                v[j] = x[j];
            }
            return bisectFloat((float) min(v, m), (float) max(v, m), select(v, m, m - (int) k));
        }
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < m; j++) {
            float f = x[j];
            min = f < min ? f : min;
            max = f > max ? f : max;
            int bits = Float.floatToRawIntBits(f);
            keys[j] = (bits ^ ((bits >> 31) & 0x7fffffff)) ^ Integer.MIN_VALUE; // unsigned order = float order
        }
        int rank = m - (int) k; // the k-th largest: ascending rank M − k
        int[][] histograms = HISTOGRAMS.get();
        int[] histogram = histograms[0];
        Arrays.fill(histogram, 0);
        for (int j = 0; j < m; j++) {
            histogram[keys[j] >>> 21]++;
        }
        int top = bucket(histogram, RADIX, rank);
        rank -= below(histogram, top);
        int n = 0;
        for (int j = 0; j < m; j++) {
            candidates[n] = keys[j];
            n += (keys[j] >>> 21) == top ? 1 : 0;
        }
        int[] h2 = histograms[1];
        Arrays.fill(h2, 0);
        for (int j = 0; j < n; j++) {
            h2[(candidates[j] >>> 10) & (RADIX - 1)]++;
        }
        int middle = bucket(h2, RADIX, rank);
        rank -= below(h2, middle);
        int[] h3 = histograms[2];
        Arrays.fill(h3, 0);
        for (int j = 0; j < n; j++) {
            int c = candidates[j];
            h3[c & 1023] += ((c >>> 10) & (RADIX - 1)) == middle ? 1 : 0;
        }
        int low = bucket(h3, 1 << 10, rank);
        int key = ((top << 21) | (middle << 10) | low) ^ Integer.MIN_VALUE;
        float kth = Float.intBitsToFloat(key ^ ((key >> 31) & 0x7fffffff));
        return bisectFloat(min, max, kth);
    }

    /** The bucket that holds ascending rank {@code rank}. */
    private static int bucket(int[] histogram, int size, int rank) {
        int seen = 0;
        for (int b = 0; b < size; b++) {
            seen += histogram[b];
            if (seen > rank) {
                return b;
            }
        }
        throw new IllegalStateException("rank " + rank + " beyond the sample");
    }

    private static int below(int[] histogram, int bucket) {
        int seen = 0;
        for (int b = 0; b < bucket; b++) {
            seen += histogram[b];
        }
        return seen;
    }

    /** As {@link #threshold(float[], int, long, int[], int[])} for a float64 sample (reorders v): quickselect. */
    static double threshold(double[] v, int m, long k) {
        return bisectDouble(min(v, m), max(v, m), select(v, m, m - (int) k));
    }

    /** The graph's bisection in float32: ok = [v_k ≥ mid] = [count(values ≥ mid) ≥ k]. */
    static float bisectFloat(float lo, float hi, double kth) {
        for (int i = 0; i < KWinnersTakeAll.BISECTION_STEPS; i++) {
            float mid = (lo + hi) * 0.5f;
            float ok = kth >= mid ? 1f : 0f;
            lo = lo + ok * (mid - lo);
            hi = mid + ok * (hi - mid);
        }
        return lo;
    }

    /** As {@link #bisectFloat} in float64. */
    static double bisectDouble(double lo, double hi, double kth) {
        for (int i = 0; i < KWinnersTakeAll.BISECTION_STEPS; i++) {
            double mid = (lo + hi) * 0.5;
            double ok = kth >= mid ? 1.0 : 0.0;
            lo = lo + ok * (mid - lo);
            hi = mid + ok * (hi - mid);
        }
        return lo;
    }

    /** The value at ascending rank {@code rank} of {@code v[0, m)} (reorders v): iterative quickselect. */
    static double select(double[] v, int m, int rank) {
        int left = 0;
        int right = m - 1;
        while (right > left) {
            int mid = (left + right) >>> 1;
            // median of three as the pivot
            double a = v[left];
            double b = v[mid];
            double c = v[right];
            double pivot = a < b ? (b < c ? b : Math.max(a, c)) : (a < c ? a : Math.max(b, c));
            int i = left;
            int j = right;
            while (i <= j) {
                while (v[i] < pivot) {
                    i++;
                }
                while (v[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    double t = v[i];
                    v[i] = v[j];
                    v[j] = t;
                    i++;
                    j--;
                }
            }
            if (rank <= j) {
                right = j;
            } else if (rank >= i) {
                left = i;
            } else {
                return v[rank];
            }
        }
        return v[rank];
    }
}
