package org.sparsebench.suites.anomaly;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparsebench.api.Model;
import org.sparsebench.api.OodScore;

/** Maximum logit (Hendrycks et al. 2022, "Scaling out-of-distribution detection"). */
public final class MaxLogitScore implements OodScore {

    @Override
    public String name() {
        return "max-logit";
    }

    @Override
    public String description() {
        return "maximum logit (Hendrycks et al. 2022)";
    }

    @Override
    public double[] score(Model model, INDArray x) {
        double[][] z = Logits.rows(model.id(), model.logits(x));
        double[] s = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (double v : z[i]) {
                max = Math.max(max, v);
            }
            s[i] = max;
        }
        return s;
    }

    @Override
    public String toString() {
        return "MaxLogitScore()";
    }
}
