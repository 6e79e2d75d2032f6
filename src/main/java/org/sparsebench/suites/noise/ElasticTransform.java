package org.sparsebench.suites.noise;

import java.util.SplittableRandom;

/**
 * Elastic distortion (Simard et al. 2003, the basis of ImageNet-C's and MNIST-C's elastic transform):
 * each displacement component is uniform noise in [−1, 1] smoothed by a Gaussian of σ = 4 px and
 * scaled by α; α = 10, 18, 26, 34, 42 px at 28×28 (α = 34, σ = 4 is Simard's MNIST setting, at
 * severity 4), both scaled with the image side; bilinear, black outside. ImageNet-C's and
 * CIFAR-10-C's (α, σ, affine) tables are not monotone in the displacement they cause, so the
 * severities are Simard's setting scaled linearly.
 */
public final class ElasticTransform extends ImageCorruption {
    static final double SIGMA_28 = 4.0;

    public ElasticTransform() {
        super("elastic-transform", "geometric", true, "elastic distortion, sigma 4 px, alpha 10..42 px at 28x28 "
                + "(Simard et al. 2003)", 10, 18, 26, 34, 42);
    }

    @Override
    protected void corrupt(FloatImage img, int severity, SplittableRandom random) {
        double scale = img.side() / 28.0;
        double alpha = parameter(severity) * scale;
        double[] dy = field(img.height(), img.width(), SIGMA_28 * scale, alpha, random);
        double[] dx = field(img.height(), img.width(), SIGMA_28 * scale, alpha, random);
        Warp.displace(img, dy, dx);
    }

    private static double[] field(int h, int w, double sigma, double alpha, SplittableRandom random) {
        FloatImage f = new FloatImage(1, h, w);
        float[] d = f.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) random.nextDouble(-1, 1);
        }
        Convolution2D.separable(f, Kernels.gaussian(sigma, 3.0), Edge.REFLECT_101);
        double[] out = new double[d.length];
        for (int i = 0; i < d.length; i++) {
            out[i] = alpha * d[i];
        }
        return out;
    }
}
