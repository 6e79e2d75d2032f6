package org.sparsebench.suites.anomaly;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.sparsebench.api.Bounds;
import org.sparsebench.api.ConfigException;
import org.sparsebench.api.Loss;
import org.sparsebench.api.Model;
import org.sparsebench.api.OodScore;
import org.sparsebench.api.Params;

/**
 * ODIN (Liang et al. 2018): temperature scaling plus input preprocessing. The input moves by
 * {@code ε} in the direction that raises the predicted class's temperature-scaled log-softmax,
 * {@code x̃ = x + ε·sign(∇ₓ log S_ŷ(x; T))} (clipped to the model's bounds), and the score is the
 * maximum of {@code softmax(z(x̃)/T)}. Suite-file keys: {@code temperature} (default 1000) and
 * {@code epsilon} (default 0.0014, the paper's values).
 */
public final class OdinScore implements ConfigurableScore {
    private final double temperature;
    private final double epsilon;

    public OdinScore() {
        this(1000, 0.0014);
    }

    public OdinScore(double temperature, double epsilon) {
        if (!(temperature > 0) || !(epsilon >= 0)) {
            throw new IllegalArgumentException("need temperature > 0 and epsilon ≥ 0: " + temperature + ", " + epsilon);
        }
        this.temperature = temperature;
        this.epsilon = epsilon;
    }

    @Override
    public String name() {
        return "odin";
    }

    @Override
    public String description() {
        return "ODIN: temperature-scaled softmax after input preprocessing (Liang et al. 2018)";
    }

    @Override
    public OodScore configure(Params p) {
        double eps = p.number("epsilon", epsilon);
        if (!(eps >= 0) || Double.isInfinite(eps)) {
            throw new ConfigException(p.where() + ".epsilon: expected a number ≥ 0, got " + eps);
        }
        return new OdinScore(ConfigurableScore.positive(p, "temperature", temperature), eps);
    }

    @Override
    public double[] score(Model model, INDArray x) {
        INDArray xin = x.castTo(DataType.FLOAT);
        if (epsilon > 0) {
            double[][] z = Logits.rows(model.id(), model.logits(xin));
            // d/dz log softmax(z/T)[ŷ] = (onehot(ŷ) − softmax(z/T)) / T; a linear loss with these weights
            // has the same input gradient at x (vector–Jacobian product).
            INDArray w = Nd4j.create(DataType.FLOAT, z.length, z[0].length);
            for (int i = 0; i < z.length; i++) {
                double[] p = softmax(z[i]);
                int top = argmax(z[i]);
                for (int k = 0; k < p.length; k++) {
                    w.putScalar(i, k, ((k == top ? 1 : 0) - p[k]) / temperature);
                }
            }
            INDArray g = model.gradient(xin, Loss.linear(w)).inputGradient();
            Bounds b = model.bounds();
            xin = Transforms.max(Transforms.min(xin.add(Transforms.sign(g).muli(epsilon)), b.upper(), false),
                    b.lower(), false);
        }
        double[][] z = Logits.rows(model.id(), model.logits(xin));
        double[] s = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            double[] p = softmax(z[i]);
            s[i] = p[argmax(z[i])];
        }
        return s;
    }

    private double[] softmax(double[] z) {
        double lse = Logits.logSumExp(z, temperature);
        double[] p = new double[z.length];
        for (int k = 0; k < z.length; k++) {
            p[k] = Math.exp(z[k] / temperature - lse);
        }
        return p;
    }

    private static int argmax(double[] z) {
        int best = 0;
        for (int k = 1; k < z.length; k++) {
            if (z[k] > z[best]) {
                best = k;
            }
        }
        return best;
    }

    @Override
    public String toString() {
        return "OdinScore(temperature=" + temperature + ", epsilon=" + epsilon + ")";
    }
}
