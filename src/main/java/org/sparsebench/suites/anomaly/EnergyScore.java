package org.sparsebench.suites.anomaly;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparsebench.api.Model;
import org.sparsebench.api.OodScore;
import org.sparsebench.api.Params;

/**
 * Energy score (Liu et al. 2020): the free energy {@code E(x) = −T·logsumexp(z/T)} of the logits;
 * the score is {@code −E(x)}, so higher means more in-distribution. Suite-file key:
 * {@code temperature} (default 1).
 */
public final class EnergyScore implements ConfigurableScore {
    private final double temperature;

    public EnergyScore() {
        this(1.0);
    }

    public EnergyScore(double temperature) {
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be positive, got " + temperature);
        }
        this.temperature = temperature;
    }

    @Override
    public String name() {
        return "energy";
    }

    @Override
    public String description() {
        return "negative free energy T·logsumexp(logits/T) (Liu et al. 2020)";
    }

    @Override
    public OodScore configure(Params p) {
        return new EnergyScore(ConfigurableScore.positive(p, "temperature", temperature));
    }

    /** The free energy {@code −T·logsumexp(z/T)} of one logit vector. */
    public double energy(double[] logits) {
        return -temperature * Logits.logSumExp(logits, temperature);
    }

    @Override
    public double[] score(Model model, INDArray x) {
        double[][] z = Logits.rows(model.id(), model.logits(x));
        double[] s = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            s[i] = -energy(z[i]);
        }
        return s;
    }

    @Override
    public String toString() {
        return "EnergyScore(temperature=" + temperature + ")";
    }
}
