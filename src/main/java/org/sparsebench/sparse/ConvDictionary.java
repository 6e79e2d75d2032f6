package org.sparsebench.sparse;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A convolutional dictionary outside any graph: the filters {@code [out, in, kH, kW]} (OIHW) of a
 * SAME-padded stride-1 convolution layer with odd kernel read as a dictionary D, so that
 * {@link #analysis} computes {@code Dᵀx} (the convolution, NCHW {@code [N, in, H, W] → [N, out, H, W]})
 * and {@link #synthesis} computes {@code D a} (its adjoint). Computes the operator norm ‖D‖² by
 * power iteration, the ISTA step {@code η = safety/‖D‖²}, and the sparse-coding objective. Works in
 * the filters' data type. Immutable.
 */
public final class ConvDictionary {
    private final INDArray filters;
    private final INDArray kernel;  // [kH, kW, in, out]
    private final INDArray adjoint; // [kH, kW, out, in], spatially flipped
    private final Conv2DConfig conv;

    private ConvDictionary(INDArray filters) {
        long[] s = filters.shape();
        if (s.length != 4 || s[2] != s[3] || s[2] % 2 == 0) {
            throw new IllegalArgumentException("filters must be [out, in, k, k] with odd k, got " + Arrays.toString(s));
        }
        this.filters = filters.dup();
        this.kernel = filters.permute(2, 3, 1, 0).dup('c');
        int k = (int) s[2];
        INDArray adj = Nd4j.create(filters.dataType(), k, k, s[0], s[1]);
        for (int o = 0; o < s[0]; o++) {
            for (int i = 0; i < s[1]; i++) {
                for (int y = 0; y < k; y++) {
                    for (int x = 0; x < k; x++) {
                        adj.putScalar(new long[] {k - 1 - y, k - 1 - x, o, i}, filters.getDouble(o, i, y, x));
                    }
                }
            }
        }
        this.adjoint = adj;
        this.conv = UnrolledIsta.sameConv(k, false);
    }

    /** The dictionary of OIHW {@code filters} (copied). */
    public static ConvDictionary of(INDArray filters) {
        return new ConvDictionary(filters);
    }

    /** The filters {@code [out, in, k, k]} (a copy). */
    public INDArray filters() {
        return filters.dup();
    }

    public int atoms() {
        return (int) filters.size(0);
    }

    public int channels() {
        return (int) filters.size(1);
    }

    /** {@code Dᵀx}: the convolution of {@code x [N, in, H, W]}, giving {@code [N, out, H, W]}. */
    public INDArray analysis(INDArray x) {
        return Nd4j.cnn().conv2d(cast(x), kernel, conv);
    }

    /** {@code D a}: the adjoint convolution of {@code a [N, out, H, W]}, giving {@code [N, in, H, W]}. */
    public INDArray synthesis(INDArray a) {
        return Nd4j.cnn().conv2d(cast(a), adjoint, conv);
    }

    /**
     * ‖D‖² (largest eigenvalue of {@code D Dᵀ}) on {@code height×width} images, by power iteration
     * from a seeded random start until the estimate changes by less than {@code 1e-7} relative or
     * {@code maxIterations} are done. The estimate approaches the true value from below.
     */
    public double normSquared(int height, int width, int maxIterations, long seed) {
        PowerIteration p = new PowerIteration(this, height, width, seed);
        p.run(maxIterations, 1e-7);
        return p.estimate();
    }

    /**
     * Per-sample sparse-coding objective {@code ½‖x − D a‖² + Σ λ_c |a|} of codes {@code a} for
     * inputs {@code x} ({@code lambda [out]} broadcast over positions), shape {@code [N]}, float64.
     */
    public double[] objective(INDArray x, INDArray a, INDArray lambda) {
        INDArray xs = cast(x);
        INDArray as = cast(a);
        INDArray r = xs.sub(synthesis(as));
        int n = (int) x.size(0);
        double[] out = new double[n];
        INDArray lam = lambda.castTo(DataType.DOUBLE).reshape(1, -1, 1, 1);
        INDArray penalty = Transforms.abs(as.castTo(DataType.DOUBLE), true).muli(lam.broadcast(as.shape()));
        // Whole-batch reductions (one op each instead of two per sample).
        double[] residual = r.castTo(DataType.DOUBLE).reshape('c', n, -1).norm2(1).toDoubleVector();
        double[] l1 = penalty.reshape('c', n, -1).sum(1).toDoubleVector();
        for (int i = 0; i < n; i++) {
            out[i] = 0.5 * residual[i] * residual[i] + l1[i];
        }
        return out;
    }

    private INDArray cast(INDArray x) {
        return x.dataType() == filters.dataType() ? x : x.castTo(filters.dataType());
    }

    /**
     * Power iteration on {@code D Dᵀ} that can be resumed (warm start), for tracking ‖D‖² while the
     * filters change during training: {@link #restart} with the new dictionary keeps the vector.
     */
    public static final class PowerIteration {
        private ConvDictionary dict;
        private INDArray v;
        private double estimate = Double.NaN;

        public PowerIteration(ConvDictionary dict, int height, int width, long seed) {
            this.dict = dict;
            SplittableRandom rng = new SplittableRandom(seed);
            double[] d = new double[dict.channels() * height * width];
            for (int i = 0; i < d.length; i++) {
                d[i] = rng.nextGaussian();
            }
            v = Nd4j.create(d, new long[] {1, dict.channels(), height, width}, DataType.DOUBLE)
                    .castTo(dict.filters.dataType());
            v.divi(v.norm2Number());
        }

        /** Continues from the current vector with another dictionary of the same shape. */
        public PowerIteration restart(ConvDictionary next) {
            this.dict = next;
            return this;
        }

        /** Runs up to {@code iterations} steps (fewer once the estimate moves less than {@code tol} relative). */
        public PowerIteration run(int iterations, double tol) {
            for (int it = 0; it < iterations; it++) {
                INDArray w = dict.synthesis(dict.analysis(v));
                double next = w.castTo(DataType.DOUBLE).mul(v.castTo(DataType.DOUBLE)).sumNumber().doubleValue();
                double norm = w.norm2Number().doubleValue();
                if (norm == 0) {
                    estimate = 0;
                    return this;
                }
                v = w.divi(norm);
                boolean done = Math.abs(next - estimate) <= tol * Math.abs(next);
                estimate = next;
                if (done) {
                    break;
                }
            }
            return this;
        }

        /** The Rayleigh quotient {@code vᵀ D Dᵀ v} of the last step (≤ ‖D‖²). */
        public double estimate() {
            return estimate;
        }
    }
}
