package org.sparsebench.models;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
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
 * {@code v_k} is ≥ mid, so {@code v_k} is found once (quickselect, O(M)) and the steps become scalar
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
        ThreadLocal<double[]> scratch = ThreadLocal.withInitial(() -> new double[m]);
        IntStream.range(0, n).parallel().forEach(s -> {
            int base = s * m;
            double[] v = scratch.get();
            for (int j = 0; j < m; j++) {
                v[j] = single ? zf.get(base + j) : zd.get(base + j);
            }
            double lo = threshold(v, m, k, single);
            for (int j = 0; j < m; j++) {
                if (single) {
                    float x = zf.get(base + j);
                    float g = x >= lo ? 1f : 0f;
                    mf.put(base + j, g);
                    of.put(base + j, x * g);
                } else {
                    double x = zd.get(base + j);
                    double g = x >= lo ? 1.0 : 0.0;
                    md.put(base + j, g);
                    od.put(base + j, x * g);
                }
            }
        });
    }

    /**
     * The threshold lo of the sample {@code v[0, m)} (reorders v) with k winners, in float32 arithmetic when
     * {@code single} (v then holds float32 values), else float64.
     */
    static double threshold(double[] v, int m, long k, boolean single) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < m; j++) {
            double x = v[j];
            min = x < min ? x : min;
            max = x > max ? x : max;
        }
        double kth = select(v, m, m - (int) k); // the k-th largest: index M − k in ascending order
        return single ? bisectFloat((float) min, (float) max, kth) : bisectDouble(min, max, kth);
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
