package org.sparsebench.suites.anomaly;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparsebench.api.Model;
import org.sparsebench.api.OodScore;
import org.sparsebench.suites.support.Predictions;

/** Maximum softmax probability (Hendrycks &amp; Gimpel 2017): confident means in-distribution. */
public final class MaxSoftmaxScore implements OodScore {

    @Override
    public String name() {
        return "msp";
    }

    @Override
    public String description() {
        return "maximum softmax probability (Hendrycks & Gimpel 2017)";
    }

    @Override
    public double[] score(Model model, INDArray x) {
        double[][] p = Predictions.softmax(model.id(), model.logits(x));
        double[] s = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            double max = 0;
            for (double v : p[i]) {
                max = Math.max(max, v);
            }
            s[i] = max;
        }
        return s;
    }

    @Override
    public String toString() {
        return "MaxSoftmaxScore()";
    }
}
