package org.sparsebench.models;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.sparsebench.api.ConfigException;
import org.sparsebench.api.Dataset;
import org.sparsebench.api.Seeds;

/**
 * Trains a {@link SameDiffCnn} with Adam on mean softmax cross-entropy, mini-batches drawn from a
 * seeded shuffle of the training set each epoch, then measures clean accuracy on a test set.
 * Logs one line per epoch (loss, throughput, elapsed, ETA) to the given stream.
 *
 * <p>Training runs on its own copy of the graph (loss variable {@value SameDiffCnn#TRAIN_LOSS});
 * the trained weights are then copied into a fresh inference graph, so the saved checkpoint holds no
 * training configuration or updater state.
 */
public final class Trainer {
    public static final int DEFAULT_BATCH = 128;
    public static final double DEFAULT_LR = 1e-3;
    private static final int EVAL_BATCH = 256;
    /** Training samples (the first of the unshuffled order) whose loss is logged after each epoch. */
    private static final int PROBE = 1024;
    /** Interval of the in-epoch progress lines. */
    private static final long PROGRESS_NANOS = 30_000_000_000L;

    private final int batchSize;
    private final double learningRate;
    private final PrintStream log;

    public Trainer(int batchSize, double learningRate, PrintStream log) {
        if (batchSize < 1 || !(learningRate > 0)) {
            throw new IllegalArgumentException("batch size >= 1 and learning rate > 0 required");
        }
        this.batchSize = batchSize;
        this.learningRate = learningRate;
        this.log = log;
    }

    /** Batch 128, Adam lr 1e-3, progress on stderr. */
    public Trainer() {
        this(DEFAULT_BATCH, DEFAULT_LR, System.err);
    }

    /** A trained model with its report. */
    public record Result(SameDiffModel model, TrainingReport report) {
    }

    /**
     * Trains {@code spec} for {@code epochs} epochs and saves it as {@code modelsDir/<spec.id>/}
     * (defaults: batch 128, Adam lr 1e-3, progress on stderr). This is what the CLI's
     * {@code train} command calls.
     *
     * @return the manifest as written (its {@code checkpointSha256} identifies the model)
     */
    public static ModelManifest trainAndSave(CnnSpec spec, Dataset train, Dataset test, int epochs, long seed,
            Path modelsDir) {
        Trainer t = new Trainer();
        ModelManifest[] saved = new ModelManifest[1];
        t.train(spec, train, test, epochs, seed, r -> {
            saved[0] = Checkpoints.save(modelsDir, r.model().graph(), t.manifest(spec, r.report(),
                    SameDiffCnn.parameterCount(r.model().graph())));
            t.log.printf(Locale.ROOT, "saved %s after epoch %d (test accuracy %.4f, sha256 %s)%n",
                    modelsDir.resolve(spec.id()), r.report().epochs(), saved[0].testAccuracy(),
                    saved[0].checkpointSha256());
        });
        return saved[0];
    }

    /** Trains a fresh model of {@code spec} (initial weights from {@code seed}) and evaluates it on {@code test}. */
    public Result train(CnnSpec spec, Dataset train, Dataset test, int epochs, long seed) {
        return train(spec, train, test, epochs, seed, null);
    }

    /**
     * As {@link #train(CnnSpec, Dataset, Dataset, int, long)}, handing {@code afterEpoch} (when not null)
     * the evaluated model after every epoch, so a long run leaves a checkpoint per completed epoch. The
     * model after epoch e equals the final model of an e-epoch run: each epoch's shuffle is seeded by
     * the epoch number alone.
     */
    public Result train(CnnSpec spec, Dataset train, Dataset test, int epochs, long seed,
            java.util.function.Consumer<Result> afterEpoch) {
        if (epochs < 1) {
            throw new ConfigException("epochs must be >= 1, got " + epochs);
        }
        check(spec, train);
        check(spec, test);
        Nd4j.getRandom().setSeed(seed);
        SameDiff sd = SameDiffCnn.build(spec, seed);
        sd.setLossVariables(SameDiffCnn.TRAIN_LOSS);
        // SameDiff M2.1 caches results of ops whose inputs are variables/constants; with weights changing
        // every step that cache serves stale values (loss stops decreasing), so training must disable it.
        sd.setEnableCache(false);
        sd.setTrainingConfig(new TrainingConfig.Builder()
                .updater(new Adam(learningRate))
                .dataSetFeatureMapping(SameDiffCnn.INPUT)
                .dataSetLabelMapping(SameDiffCnn.LABELS)
                .minimize(SameDiffCnn.TRAIN_LOSS)
                .build());

        int n = train.size();
        int steps = (n + batchSize - 1) / batchSize;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        log.printf(Locale.ROOT, "training %s: %,d parameters, %,d samples of %s, %d epochs x %d steps, batch %d, "
                + "Adam lr %g, seed %d%n", spec.id(), SameDiffCnn.parameterCount(sd), n, train.id(), epochs, steps,
                batchSize, learningRate, seed);
        int[] probe = java.util.Arrays.copyOf(order, Math.min(n, PROBE));
        Map<String, INDArray> probeFeed = Map.of(SameDiffCnn.INPUT, train.images(probe), SameDiffCnn.LABELS,
                oneHot(train.labels(probe), spec.classes()));
        // ista: η = 0.9/‖D‖² re-estimated after every step so the unrolled iteration stays convergent
        IstaSteps istaSteps = spec.resolvedVariant() == Variant.ISTA ? IstaSteps.track(sd, spec) : null;
        // SameDiff's per-op arrays are freed only by the collector: without this, a multi-gigabyte heap lets
        // the off-heap buffers of thousands of steps pile up (13 GB resident measured for one 6-epoch run).
        NativeMemoryGuard memory = NativeMemoryGuard.fromSystem();
        long start = System.nanoTime();
        long lastLine = start;
        long pausedNanos = 0; // evaluating and saving the per-epoch checkpoints is not training time
        double lastLoss = Double.NaN;
        for (int epoch = 1; epoch <= epochs; epoch++) {
            shuffle(order, new SplittableRandom(Seeds.of(seed, "shuffle", epoch)));
            for (int s = 0; s < steps; s++) {
                int from = s * batchSize;
                int to = Math.min(n, from + batchSize);
                int[] idx = java.util.Arrays.copyOfRange(order, from, to);
                INDArray x = train.images(idx);
                INDArray y = oneHot(train.labels(idx), spec.classes());
                DataSet batch = new DataSet(x, y);
                if (epoch == 1 && s == 0) {
                    Quiet.run(() -> sd.fit(batch)); // the first fit builds the gradient function, which prints per op
                } else {
                    sd.fit(batch);
                }
                if (istaSteps != null) {
                    istaSteps.update();
                }
                memory.check();
                long now = System.nanoTime();
                if (now - lastLine > PROGRESS_NANOS && s + 1 < steps) {
                    lastLine = now;
                    double done = (epoch - 1) + (s + 1.0) / steps;
                    double el = (now - start) / 1e9;
                    log.printf(Locale.ROOT, "  epoch %d/%d  step %d/%d  %.0f img/s  elapsed %s  ETA %s%n", epoch, epochs,
                            s + 1, steps, done * n / el, duration(el), duration(el / done * (epochs - done)));
                }
            }
            lastLoss = sd.output(probeFeed, SameDiffCnn.TRAIN_LOSS).get(SameDiffCnn.TRAIN_LOSS).getDouble(0);
            if (!Double.isFinite(lastLoss)) {
                throw new IllegalStateException(spec.id() + ": training loss is " + lastLoss + " in epoch " + epoch);
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            double eta = elapsed / epoch * (epochs - epoch);
            log.printf(Locale.ROOT, "epoch %d/%d  train loss %.4f  %.0f img/s  elapsed %s  ETA %s%n", epoch, epochs, lastLoss,
                    (double) n * epoch / elapsed, duration(elapsed), duration(eta));
            if (afterEpoch != null && epoch < epochs) {
                long t0 = System.nanoTime();
                afterEpoch.accept(snapshot(spec, sd, train, test, epoch, seed, elapsed - pausedNanos / 1e9, lastLoss));
                pausedNanos += System.nanoTime() - t0;
            }
        }
        double seconds = (System.nanoTime() - start - pausedNanos) / 1e9;
        Result r = snapshot(spec, sd, train, test, epochs, seed, seconds, lastLoss);
        if (afterEpoch != null) {
            afterEpoch.accept(r);
        }
        return r;
    }

    /** The trained weights of {@code sd} copied into a fresh inference graph, evaluated on {@code test}. */
    private Result snapshot(CnnSpec spec, SameDiff sd, Dataset train, Dataset test, int epochs, long seed,
            double seconds, double lastLoss) {
        SameDiff inference = SameDiffCnn.build(spec, seed);
        for (SDVariable v : sd.variables()) {
            if (v.getVariableType() == VariableType.VARIABLE) {
                inference.getArrForVarName(v.name()).assign(v.getArr());
            }
        }
        if (spec.resolvedVariant() == Variant.ISTA) {
            IstaSteps.recompute(inference, spec);
        }
        SameDiffModel model = new SameDiffModel(spec, inference);
        double acc = accuracy(model, test);
        log.printf(Locale.ROOT, "%s: test accuracy %.4f on %,d samples of %s (training %s)%n", spec.id(), acc,
                test.size(), test.id(), duration(seconds));
        return new Result(model, new TrainingReport(spec.id(), epochs, seed, acc, seconds, train.id(), train.sha256(),
                lastLoss));
    }

    /** Fraction of {@code data} whose arg-max logit equals the label. */
    public static double accuracy(org.sparsebench.api.Model model, Dataset data) {
        int correct = 0;
        for (int from = 0; from < data.size(); from += EVAL_BATCH) {
            int to = Math.min(data.size(), from + EVAL_BATCH);
            int[] idx = new int[to - from];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = from + i;
            }
            INDArray pred = model.logits(data.images(idx)).argMax(1);
            for (int i = 0; i < idx.length; i++) {
                if (pred.getInt(i) == data.label(idx[i])) {
                    correct++;
                }
            }
        }
        return (double) correct / data.size();
    }

    ModelManifest manifest(CnnSpec spec, TrainingReport r, long parameters) {
        String desc = String.format(Locale.ROOT, "%s: conv%s-dense%d %s CNN, %s, %d epochs, seed %d", spec.id(),
                spec.convChannels(), spec.hiddenUnits(), variantLabel(spec), r.trainDataId(), r.epochs(), r.seed());
        return new ModelManifest(spec.id(), ModelManifest.SAMEDIFF, desc, Checkpoints.SAMEDIFF_FILE, spec, null, null,
                null, r.seed(), r.epochs(), new ModelManifest.TrainData(r.trainDataId(), r.trainDataSha256()),
                r.testAccuracy(), Math.round(r.seconds() * 10) / 10.0, parameters, null,
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), Checkpoints.VERSION);
    }

    private static String variantLabel(CnnSpec spec) {
        return switch (spec.resolvedVariant()) {
            case RELU -> "ReLU";
            case SPARSE_PRIOR -> "sparse-prior (bias <= 0, unit-norm filters)";
            case SOFT_THRESHOLD -> "soft-threshold";
            case ISTA -> "ISTA (K=" + spec.istaIterations() + ")";
            case KWTA -> "k-WTA (ratio " + spec.kwtaRatio() + ")";
        };
    }

    private static void check(CnnSpec spec, Dataset d) {
        if (!d.shape().equals(spec.input()) || d.numClasses() != spec.classes()) {
            throw new ConfigException("dataset " + d.id() + " (" + d.shape() + ", " + d.numClasses()
                    + " classes) does not fit model " + spec.id() + " (" + spec.input() + ", " + spec.classes()
                    + " classes)");
        }
    }

    static INDArray oneHot(int[] y, int k) {
        float[] v = new float[y.length * k];
        for (int i = 0; i < y.length; i++) {
            v[i * k + y[i]] = 1f;
        }
        return Nd4j.create(v, new long[] {y.length, k}, 'c').castTo(DataType.FLOAT);
    }

    private static void shuffle(int[] a, SplittableRandom rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60)
                : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
