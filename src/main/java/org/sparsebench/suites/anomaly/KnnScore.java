package org.sparsebench.suites.anomaly;

import java.util.PriorityQueue;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparsebench.api.ConfigException;
import org.sparsebench.api.Dataset;
import org.sparsebench.api.Model;
import org.sparsebench.api.OodScore;
import org.sparsebench.api.Params;

/**
 * Deep nearest neighbours (Sun et al. 2022): penultimate features normalized to unit length; the
 * score is minus the Euclidean distance to the k-th nearest normalized training feature. Suite-file
 * key: {@code k} (default 50, the paper's CIFAR-10 value; at most the fit-split size).
 */
public final class KnnScore implements FittedScore, ConfigurableScore {
    private final int k;

    public KnnScore() {
        this(50);
    }

    public KnnScore(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
        this.k = k;
    }

    @Override
    public String name() {
        return "knn";
    }

    @Override
    public String description() {
        return "minus the distance to the k-th nearest normalized training feature (Sun et al. 2022)";
    }

    @Override
    public OodScore configure(Params p) {
        return new KnnScore(p.integer("k", k, 1, 1_000_000));
    }

    @Override
    public OodScore fit(Model model, Dataset data, int[] indices, int batchSize) {
        if (indices.length < k) {
            throw new ConfigException("knn: k = " + k + " needs at least as many fit samples, got " + indices.length);
        }
        double[][] f = MahalanobisScore.features(model, data, indices, batchSize);
        return new Fitted(normalized(f));
    }

    /** Rows scaled to unit length (1e-10 added to the norm, as OpenOOD, so zero rows stay zero). */
    static INDArray normalized(double[][] f) {
        double[][] out = new double[f.length][];
        for (int i = 0; i < f.length; i++) {
            double n = 0;
            for (double v : f[i]) {
                n += v * v;
            }
            double norm = Math.sqrt(n) + 1e-10;
            out[i] = new double[f[i].length];
            for (int j = 0; j < f[i].length; j++) {
                out[i][j] = f[i][j] / norm;
            }
        }
        return Nd4j.create(out).castTo(DataType.DOUBLE);
    }

    @Override
    public String toString() {
        return "KnnScore(k=" + k + ")";
    }

    private final class Fitted implements OodScore {
        private final INDArray bank; // [N, F], unit rows (zero rows stay zero)
        private final double[] bankNorms; // squared row norms

        Fitted(INDArray bank) {
            this.bank = bank;
            this.bankNorms = bank.mul(bank).sum(1).toDoubleVector();
        }

        @Override
        public String name() {
            return KnnScore.this.name();
        }

        @Override
        public String description() {
            return KnnScore.this.description();
        }

        @Override
        public double[] score(Model model, INDArray x) {
            INDArray q = normalized(Logits.rows(model.id(), model.features(x)));
            double[][] sim = q.mmul(bank.transpose()).toDoubleMatrix();
            double[] qn = q.mul(q).sum(1).toDoubleVector();
            double[] s = new double[sim.length];
            for (int i = 0; i < sim.length; i++) {
                // The k smallest squared distances |q|² + |b|² − 2 q·b in a max-heap; its head is the k-th.
                PriorityQueue<Double> nearest = new PriorityQueue<>(k + 1, java.util.Comparator.reverseOrder());
                for (int j = 0; j < sim[i].length; j++) {
                    double d = qn[i] + bankNorms[j] - 2 * sim[i][j];
                    if (nearest.size() < k) {
                        nearest.add(d);
                    } else if (d < nearest.peek()) {
                        nearest.poll();
                        nearest.add(d);
                    }
                }
                s[i] = -Math.sqrt(Math.max(0, nearest.peek()));
            }
            return s;
        }
    }
}
