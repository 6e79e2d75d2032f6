package org.sparsebench.suites.anomaly;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparsebench.api.ConfigException;
import org.sparsebench.api.Dataset;
import org.sparsebench.api.Model;
import org.sparsebench.api.OodScore;
import org.sparsebench.suites.support.Batches;

/**
 * Mahalanobis distance on penultimate features (Lee et al. 2018, without input preprocessing or layer
 * ensembles, as OpenOOD's {@code mds}): class means {@code μ_c} and one shared covariance
 * {@code Σ = (1/N) Σ_i (f_i − μ_{y_i})(f_i − μ_{y_i})ᵀ} fitted on in-distribution training features;
 * the score is {@code −min_c (f − μ_c)ᵀ Σ⁺ (f − μ_c)} with {@code Σ⁺} the Moore–Penrose
 * pseudo-inverse (Commons Math SVD), since ReLU features often have dead units.
 */
public final class MahalanobisScore implements FittedScore {

    @Override
    public String name() {
        return "mahalanobis";
    }

    @Override
    public String description() {
        return "Mahalanobis distance to the closest class mean of penultimate features (Lee et al. 2018)";
    }

    @Override
    public OodScore fit(Model model, Dataset data, int[] indices, int batchSize) {
        double[][] f = features(model, data, indices, batchSize);
        int dim = f[0].length;
        int k = data.numClasses();
        double[][] mean = new double[k][dim];
        int[] count = new int[k];
        for (int i = 0; i < f.length; i++) {
            int y = data.label(indices[i]);
            count[y]++;
            for (int d = 0; d < dim; d++) {
                mean[y][d] += f[i][d];
            }
        }
        int classes = 0;
        for (int c = 0; c < k; c++) {
            if (count[c] > 0) {
                classes++;
                for (int d = 0; d < dim; d++) {
                    mean[c][d] /= count[c];
                }
            }
        }
        double[][] cov = new double[dim][dim];
        for (int i = 0; i < f.length; i++) {
            double[] mu = mean[data.label(indices[i])];
            for (int a = 0; a < dim; a++) {
                double da = f[i][a] - mu[a];
                for (int b = a; b < dim; b++) {
                    cov[a][b] += da * (f[i][b] - mu[b]);
                }
            }
        }
        for (int a = 0; a < dim; a++) {
            for (int b = a; b < dim; b++) {
                cov[a][b] /= f.length;
                cov[b][a] = cov[a][b];
            }
        }
        RealMatrix precision = new SingularValueDecomposition(new Array2DRowRealMatrix(cov, false)).getSolver()
                .getInverse();
        double[][] means = new double[classes][];
        int j = 0;
        for (int c = 0; c < k; c++) {
            if (count[c] > 0) {
                means[j++] = mean[c];
            }
        }
        return new Fitted(means, precision.getData());
    }

    /** Penultimate features of {@code data[indices]}, batch by batch. */
    static double[][] features(Model model, Dataset data, int[] indices, int batchSize) {
        if (indices.length == 0) {
            throw new ConfigException("fitting OOD scores needs in-distribution samples, got none");
        }
        double[][] out = new double[indices.length][];
        int done = 0;
        for (int b = 0; b < Batches.count(indices.length, batchSize); b++) {
            int[] idx = Batches.batch(indices, b, batchSize);
            double[][] f = Logits.rows(model.id(), model.features(data.images(idx)));
            System.arraycopy(f, 0, out, done, f.length);
            done += f.length;
        }
        return out;
    }

    /** Mahalanobis distance squared of {@code f} to {@code mu} under {@code precision}. */
    static double distance(double[] f, double[] mu, double[][] precision) {
        int dim = f.length;
        double[] d = new double[dim];
        for (int a = 0; a < dim; a++) {
            d[a] = f[a] - mu[a];
        }
        double s = 0;
        for (int a = 0; a < dim; a++) {
            double row = 0;
            double[] p = precision[a];
            for (int b = 0; b < dim; b++) {
                row += p[b] * d[b];
            }
            s += d[a] * row;
        }
        return s;
    }

    @Override
    public String toString() {
        return "MahalanobisScore()";
    }

    /** The fitted score: class means and the shared precision matrix. */
    private final class Fitted implements OodScore {
        private final double[][] means;
        private final double[][] precision;

        Fitted(double[][] means, double[][] precision) {
            this.means = means;
            this.precision = precision;
        }

        @Override
        public String name() {
            return MahalanobisScore.this.name();
        }

        @Override
        public String description() {
            return MahalanobisScore.this.description();
        }

        @Override
        public double[] score(Model model, INDArray x) {
            double[][] f = Logits.rows(model.id(), model.features(x));
            double[] s = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                double best = Double.POSITIVE_INFINITY;
                for (double[] mu : means) {
                    best = Math.min(best, distance(f[i], mu, precision));
                }
                s[i] = -best;
            }
            return s;
        }
    }
}
