package org.sparsebench.suites.noise;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparsebench.api.Corruption;

/**
 * Additive Gaussian noise {@code x + N(0, σ²)}, clipped to [0, 1]. σ per severity 1..5 follows
 * ImageNet-C (Hendrycks &amp; Dietterich 2019): 0.08, 0.12, 0.18, 0.26, 0.38.
 */
public final class GaussianNoise implements Corruption {
    private static final double[] SIGMA = {0.08, 0.12, 0.18, 0.26, 0.38};

    @Override
    public String name() {
        return "gaussian-noise";
    }

    @Override
    public String description() {
        return "additive Gaussian noise, sigma 0.08..0.38 (ImageNet-C), clipped to [0,1]";
    }

    @Override
    public double[] severityParameters() {
        return SIGMA.clone();
    }

    @Override
    public INDArray apply(INDArray x, int severity, long[] seeds) {
        Severities.check(severity);
        double sigma = SIGMA[severity - 1];
        int n = (int) x.size(0);
        float[] v = x.castTo(DataType.FLOAT).dup('c').data().asFloat();
        int per = v.length / n;
        for (int i = 0; i < n; i++) {
            NormalStream noise = new NormalStream(new SplittableRandom(seeds[i]));
            for (int j = i * per; j < (i + 1) * per; j++) {
                v[j] = (float) Math.min(1.0, Math.max(0.0, v[j] + sigma * noise.next()));
            }
        }
        return Nd4j.create(v, x.shape(), 'c');
    }
}
