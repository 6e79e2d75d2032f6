package org.sparsebench.jmh;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.sparsebench.api.FirstConvLayer;
import org.sparsebench.api.InputShape;
import org.sparsebench.api.Metric;
import org.sparsebench.stats.OodMetrics;
import org.sparsebench.suites.anomaly.SparseCode;
import org.sparsebench.suites.noise.GaussianBlur;

/**
 * The largest pieces of a run's time outside model calls (JFR profile of the default run,
 * docs/PERFORMANCE.md): the sparse-coding energy score (ISTA in Java on the first conv layer), the
 * bootstrap interval of an OOD metric (1,000 stratified replicates) and a corruption of a batch. All
 * three run their images / replicates on the common fork-join pool; {@code -t 1} with
 * {@code -Djava.util.concurrent.ForkJoinPool.common.parallelism=0} in {@code -jvmArgs} measures
 * one thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class OutsideModelKernels {
    private SparseCode code;
    private INDArray images;
    private OodMetrics ood;
    private final GaussianBlur blur = new GaussianBlur();
    private long[] seeds;

    @Setup
    public void setUp() {
        SplittableRandom r = new SplittableRandom(0);
        int n = 500;
        float[] v = new float[n * 784];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextDouble();
        }
        images = Nd4j.create(v, new long[] {n, 1, 28, 28}, 'c');
        seeds = r.longs(n).toArray();
        float[] f = new float[16 * 9];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) (r.nextGaussian() / 3);
        }
        INDArray filters = Nd4j.create(f, new long[] {16, 1, 3, 3}, 'c');
        INDArray lambda = Nd4j.valueArrayOf(new long[] {16}, 0.05f);
        // ista-cnn's first layer: 16 3x3 filters, 3 ISTA iterations.
        code = new SparseCode(new FirstConvLayer() {
            @Override
            public INDArray filters() {
                return filters;
            }

            @Override
            public INDArray lambda() {
                return lambda;
            }

            @Override
            public int istaIterations() {
                return 3;
            }

            @Override
            public double istaStep() {
                return 0.1;
            }
        }, new InputShape(1, 28, 28));
        double[] in = new double[1000];
        double[] out = new double[1000];
        for (int i = 0; i < 1000; i++) {
            in[i] = r.nextGaussian() + 1;
            out[i] = r.nextGaussian();
        }
        ood = new OodMetrics(in, out);
    }

    @Benchmark
    public double[] sparseCodingEnergy500() {
        return code.energies(images);
    }

    @Benchmark
    public Metric auprInBootstrap1000() {
        return ood.auprInInterval(1000, 7, 0.95);
    }

    @Benchmark
    public INDArray gaussianBlur500() {
        return blur.apply(images, 3, seeds);
    }
}
