package org.sparsebench.sparse;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Mutual coherence of a dictionary: {@code μ = max_{i≠j} |⟨d_i, d_j⟩| / (‖d_i‖‖d_j‖)} over its
 * atoms. 0 for orthogonal atoms, 1 when two atoms are parallel; one thresholding step recovers the
 * sparse code exactly only when μ is small. Atoms of zero norm are skipped.
 */
public final class MutualCoherence {
    private MutualCoherence() {
    }

    /**
     * Coherence of {@code atoms}: axis 0 indexes atoms, all other axes are flattened into one atom
     * (OIHW filters: one filter per output channel). NaN with fewer than two non-zero atoms.
     */
    public static double of(INDArray atoms) {
        int n = (int) atoms.size(0);
        INDArray d = atoms.castTo(DataType.DOUBLE).reshape('c', n, -1);
        double[][] rows = new double[n][];
        int kept = 0;
        for (int i = 0; i < n; i++) {
            double[] r = d.getRow(i).toDoubleVector();
            double norm = 0;
            for (double x : r) {
                norm += x * x;
            }
            norm = Math.sqrt(norm);
            if (norm > 0) {
                for (int j = 0; j < r.length; j++) {
                    r[j] /= norm;
                }
                rows[kept++] = r;
            }
        }
        if (kept < 2) {
            return Double.NaN;
        }
        double mu = 0;
        for (int i = 0; i < kept; i++) {
            for (int j = i + 1; j < kept; j++) {
                double dot = 0;
                for (int k = 0; k < rows[i].length; k++) {
                    dot += rows[i][k] * rows[j][k];
                }
                mu = Math.max(mu, Math.abs(dot));
            }
        }
        return mu;
    }
}
