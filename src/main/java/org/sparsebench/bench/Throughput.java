package org.sparsebench.bench;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.sparsebench.api.InputShape;
import org.sparsebench.api.Loss;
import org.sparsebench.api.Model;
import org.sparsebench.models.SameDiffCnn;

/**
 * The timing loop of {@code sparsebench bench}, the same protocol as
 * {@code ../shared/bench/torch_reference.py}: three untimed warm-up steps, then as many steps as fit
 * in {@code seconds}; the rate is steps × batch ÷ elapsed seconds. The batch is uniform random in
 * [0, 1) with labels {@code i mod K}, like the reference's.
 *
 * <p>Modes: {@value #FORWARD} ({@link Model#logits}), {@value #INPUT_GRAD} ({@link Model#gradient}
 * of the cross-entropy: one attack step), {@value #TRAIN_STEP} (forward, backward to the weights and
 * an Adam update, lr 1e-3, on the mean cross-entropy {@link SameDiffCnn#TRAIN_LOSS} of a graph with
 * the SameDiffCnn names).
 */
public final class Throughput {
    public static final String FORWARD = "forward";
    public static final String INPUT_GRAD = "input_grad";
    public static final String TRAIN_STEP = "train_step";
    public static final List<String> MODES = List.of(FORWARD, INPUT_GRAD, TRAIN_STEP);

    private final int batch;
    private final double seconds;
    private final INDArray x;
    private final int[] labels;
    private final INDArray oneHot;

    public Throughput(InputShape shape, int classes, int batch, double seconds, long seed) {
        this.batch = batch;
        this.seconds = seconds;
        SplittableRandom rng = new SplittableRandom(seed);
        float[] v = new float[batch * shape.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rng.nextDouble();
        }
        this.x = Nd4j.create(v, shape.batchShape(batch), 'c');
        this.labels = new int[batch];
        this.oneHot = Nd4j.zeros(DataType.FLOAT, batch, classes);
        for (int i = 0; i < batch; i++) {
            labels[i] = i % classes;
            oneHot.putScalar(i, labels[i], 1.0);
        }
    }

    /** Images per second of {@link Model#logits}. */
    public double forward(Model model) {
        return rate(step(FORWARD, model));
    }

    /** Images per second of {@link Model#gradient} for the cross-entropy loss. */
    public double inputGradient(Model model) {
        return rate(step(INPUT_GRAD, model));
    }

    /** One step of {@value #FORWARD} or {@value #INPUT_GRAD} on this batch. */
    public Runnable step(String mode, Model model) {
        return switch (mode) {
            case FORWARD -> () -> model.logits(x);
            case INPUT_GRAD -> {
                Loss loss = Loss.crossEntropy(labels);
                yield () -> model.gradient(x, loss);
            }
            default -> throw new IllegalArgumentException("no model step for mode " + mode);
        };
    }

    /** {@code model}'s step time ÷ {@code versus}'s in {@code mode}, interleaved ({@link Interleaved}) for the set seconds. */
    public Interleaved versus(String mode, Model model, Model versus) {
        return Interleaved.measure(step(mode, model), step(mode, versus), seconds, 5, System::nanoTime);
    }

    /**
     * Images per second of an Adam step on {@code graph} (which it trains: pass a graph of its own,
     * not one a {@link Model} uses).
     */
    public double trainStep(SameDiff graph) {
        graph.setEnableCache(false);
        graph.setLossVariables(SameDiffCnn.TRAIN_LOSS);
        graph.setTrainingConfig(new TrainingConfig.Builder()
                .updater(new Adam(1e-3))
                .dataSetFeatureMapping(SameDiffCnn.INPUT)
                .dataSetLabelMapping(SameDiffCnn.LABELS)
                .minimize(SameDiffCnn.TRAIN_LOSS)
                .build());
        DataSet ds = new DataSet(x, oneHot);
        java.io.PrintStream out = System.out; // the first fit builds the gradient function, which prints per op
        System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        try {
            graph.fit(ds);
        } finally {
            System.setOut(out);
        }
        return rate(() -> graph.fit(ds));
    }

    private double rate(Runnable step) {
        for (int i = 0; i < 3; i++) {
            step.run();
        }
        long n = 0;
        long t0 = System.nanoTime();
        long limit = (long) (seconds * 1e9);
        while (System.nanoTime() - t0 < limit) {
            step.run();
            n++;
        }
        return n * batch / ((System.nanoTime() - t0) / 1e9);
    }

    /** One result line, in the format of torch_reference.py with the prefix {@code sparsebench}. */
    public static String line(String mode, int batch, int threads, double imgPerSecond) {
        return String.format(Locale.ROOT, "sparsebench %s batch=%d threads=%d img_per_s=%.1f", mode, batch, threads,
                imgPerSecond);
    }
}
