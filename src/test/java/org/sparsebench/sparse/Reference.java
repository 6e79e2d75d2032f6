package org.sparsebench.sparse;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Independent reference implementations for the sparse tests: the convolution dictionary as an
 * explicit matrix built by loops from the definition of a SAME-padded stride-1 correlation, and a
 * cyclic coordinate-descent lasso solver (exact minimization along one coordinate at a time, a
 * different algorithm from ISTA's proximal gradient steps).
 */
public final class Reference {
    private Reference() {
    }

    /**
     * The matrix D {@code [in*H*W, out*H*W]} whose transpose is the convolution with OIHW
     * {@code filters}: {@code (Dᵀx)[o,y,x] = Σ_{i,u,v} w[o,i,u,v] · x[i, y+u−p, x+v−p]} (zero outside).
     */
    public static double[][] dictionary(double[][][][] w, int h, int wd) {
        int out = w.length;
        int in = w[0].length;
        int k = w[0][0].length;
        int p = k / 2;
        double[][] d = new double[in * h * wd][out * h * wd];
        for (int o = 0; o < out; o++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < wd; x++) {
                    int col = (o * h + y) * wd + x;
                    for (int i = 0; i < in; i++) {
                        for (int u = 0; u < k; u++) {
                            for (int v = 0; v < k; v++) {
                                int yy = y + u - p;
                                int xx = x + v - p;
                                if (yy >= 0 && yy < h && xx >= 0 && xx < wd) {
                                    d[(i * h + yy) * wd + xx][col] += w[o][i][u][v];
                                }
                            }
                        }
                    }
                }
            }
        }
        return d;
    }

    /**
     * Minimizes {@code ½‖x − D a‖² + Σ_j λ_j g(a_j)} by cyclic coordinate descent, {@code g = |·|}
     * (two-sided) or {@code g = a, a ≥ 0} (non-negative), until no coordinate moves by more than
     * {@code 1e-14} in a sweep.
     */
    public static double[] lasso(double[][] d, double[] x, double[] lambda, boolean nonNegative) {
        int m = d.length;
        int n = d[0].length;
        double[] a = new double[n];
        double[] r = x.clone(); // residual x - D a
        double[] sq = new double[n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < m; i++) {
                sq[j] += d[i][j] * d[i][j];
            }
        }
        for (int sweep = 0; sweep < 1_000_000; sweep++) {
            double moved = 0;
            for (int j = 0; j < n; j++) {
                if (sq[j] == 0) {
                    continue;
                }
                double rho = 0;
                for (int i = 0; i < m; i++) {
                    rho += d[i][j] * r[i];
                }
                double u = a[j] + rho / sq[j];
                double t = lambda[j] / sq[j];
                double next = nonNegative ? Math.max(u - t, 0) : Math.signum(u) * Math.max(Math.abs(u) - t, 0);
                double delta = next - a[j];
                if (delta != 0) {
                    for (int i = 0; i < m; i++) {
                        r[i] -= d[i][j] * delta;
                    }
                    a[j] = next;
                    moved = Math.max(moved, Math.abs(delta));
                }
            }
            if (moved < 1e-14) {
                break;
            }
        }
        return a;
    }

    /** {@code ½‖x − D a‖² + Σ λ_j |a_j|}. */
    public static double objective(double[][] d, double[] x, double[] a, double[] lambda) {
        double f = 0;
        for (int i = 0; i < d.length; i++) {
            double r = x[i];
            for (int j = 0; j < a.length; j++) {
                r -= d[i][j] * a[j];
            }
            f += 0.5 * r * r;
        }
        for (int j = 0; j < a.length; j++) {
            f += lambda[j] * Math.abs(a[j]);
        }
        return f;
    }

    public static double[][][][] randomFilters(java.util.SplittableRandom rng, int out, int in, int k) {
        double[][][][] w = new double[out][in][k][k];
        for (double[][][] a : w) {
            for (double[][] b : a) {
                for (double[] c : b) {
                    for (int i = 0; i < c.length; i++) {
                        c[i] = rng.nextGaussian() * 0.5;
                    }
                }
            }
        }
        return w;
    }

    /** ‖D‖² = the largest squared singular value of the explicit matrix (Commons Math SVD). */
    public static double normSquared(double[][] d) {
        return Math.pow(new org.apache.commons.math3.linear.SingularValueDecomposition(
                new org.apache.commons.math3.linear.Array2DRowRealMatrix(d)).getSingularValues()[0], 2);
    }

    /** OIHW filters from {@code [out][in][k][k]}, and back. */
    public static double[][][][] filters(INDArray oihw) {
        long[] s = oihw.shape();
        double[][][][] w = new double[(int) s[0]][(int) s[1]][(int) s[2]][(int) s[3]];
        for (int o = 0; o < s[0]; o++) {
            for (int i = 0; i < s[1]; i++) {
                for (int y = 0; y < s[2]; y++) {
                    for (int x = 0; x < s[3]; x++) {
                        w[o][i][y][x] = oihw.getDouble(o, i, y, x);
                    }
                }
            }
        }
        return w;
    }

    public static INDArray oihw(double[][][][] w) {
        return Nd4j.create(w).castTo(DataType.DOUBLE);
    }

    /** Per-coefficient λ for codes laid out channel-major {@code [out, H, W]}. */
    public static double[] perCoefficient(double[] lambdaPerChannel, int hw) {
        double[] l = new double[lambdaPerChannel.length * hw];
        for (int c = 0; c < lambdaPerChannel.length; c++) {
            java.util.Arrays.fill(l, c * hw, (c + 1) * hw, lambdaPerChannel[c]);
        }
        return l;
    }
}
