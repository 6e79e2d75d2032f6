package org.sparsebench.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;
import org.sparsebench.api.ConfigException;
import org.sparsebench.api.Model;
import org.sparsebench.bench.EagerModel;
import org.sparsebench.bench.ReferenceLeNet;
import org.sparsebench.bench.Throughput;
import org.sparsebench.models.CheckpointModelProvider;
import org.sparsebench.models.Checkpoints;
import org.sparsebench.models.ModelManifest;
import org.sparsebench.models.SameDiffModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sparsebench bench}: images per second of forward, forward + input gradient and an Adam train
 * step, one line each in the format of {@code ../shared/bench/torch_reference.py}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Throughput of forward, input gradient (attack step) and train step, in img/s.")
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--model", paramLabel = "ID", description = "A committed model (default: --reference-lenet).")
    String model;

    @Option(names = "--reference-lenet", description = "The LeNet of torch_reference.py (the default).")
    boolean referenceLenet;

    @Option(names = "--batch", defaultValue = "256", paramLabel = "B", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--threads", paramLabel = "N", description = "CPU threads (default: all cores).")
    Integer threads;

    @Option(names = "--seconds", defaultValue = "5", paramLabel = "S", description = "Timed seconds per mode (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--path", defaultValue = "eager", paramLabel = "PATH",
            description = "Forward/input-gradient path: eager (EagerCnn, where the graph allows), samediff (SameDiffModel as is),"
                    + " samediff-const (experiment: weights converted to constants; reference LeNet only). Default: ${DEFAULT-VALUE}.")
    String path;

    @Option(names = "--nchw", description = "Reference LeNet with NCHW convolutions (default NHWC).")
    boolean nchw;

    @Option(names = "--modes", split = ",", paramLabel = "MODE", defaultValue = "forward,input_grad,train_step",
            description = "Which of forward, input_grad, train_step (default: all).")
    List<String> modes;

    @Option(names = "--models-dir", paramLabel = "DIR", description = "Model checkpoints (default: <home>/models).")
    Path modelsDir;

    @Option(names = "--versus", paramLabel = "ID", description = "With --model: a second committed model; prints the"
            + " ratio of the two models' step times for forward and input_grad, measured interleaved in this process"
            + " (median over rounds), instead of img/s.")
    String versus;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (model != null && referenceLenet) {
            throw new ConfigException("--model and --reference-lenet: choose one");
        }
        if (versus != null && model == null) {
            throw new ConfigException("--versus " + versus + ": needs --model (the model compared with it)");
        }
        if (batch < 1) {
            throw new ConfigException("--batch: " + batch + " must be at least 1");
        }
        if (!(seconds > 0)) {
            throw new ConfigException("--seconds: " + seconds + " must be positive");
        }
        if (!List.of("eager", "samediff", "samediff-const").contains(path)) {
            throw new ConfigException("--path: '" + path + "' is not eager, samediff or samediff-const");
        }
        if (path.equals("samediff-const") && model != null) {
            throw new ConfigException("--path samediff-const: only with --reference-lenet");
        }
        for (String m : modes) {
            if (!Throughput.MODES.contains(m)) {
                throw new ConfigException("--modes: '" + m + "' is not one of " + String.join(", ", Throughput.MODES));
            }
        }
        int t = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        if (t < 1) {
            throw new ConfigException("--threads: " + t + " must be at least 1");
        }
        Nd4j.getEnvironment().setMaxThreads(t);
        Nd4j.getEnvironment().setMaxMasterThreads(t);
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(t);

        Path dir = modelsDir != null ? modelsDir : Paths.home().resolve("models");
        SameDiffModel plain;
        SameDiff trainGraph;
        if (model == null) {
            SameDiff graph = ReferenceLeNet.build(0, DataType.FLOAT, !nchw);
            if (path.equals("samediff-const")) {
                // experiment: weights as constants before the gradient function is built, so that SameDiff
                // differentiates with respect to the input only
                graph.convertToConstants(graph.variables().stream()
                        .filter(v -> v.getVariableType() == org.nd4j.autodiff.samediff.VariableType.VARIABLE).toList());
            }
            plain = new SameDiffModel("reference-lenet", graph, ReferenceLeNet.INPUT_SHAPE, ReferenceLeNet.CLASSES);
            trainGraph = ReferenceLeNet.build(0, DataType.FLOAT, !nchw);
        } else {
            Model loaded = new CheckpointModelProvider().load(model, dir);
            if (!(loaded instanceof SameDiffModel sdm)) {
                loaded.close();
                throw new ConfigException("--model " + model + ": only SameDiff checkpoints can be benchmarked");
            }
            plain = sdm;
            ModelManifest m = Checkpoints.readManifest(dir.resolve(model));
            trainGraph = SameDiff.load(dir.resolve(model).resolve(m.file() != null ? m.file()
                    : Checkpoints.SAMEDIFF_FILE).toFile(), false);
        }
        Model measured = plain;
        if (path.equals("eager")) {
            var eager = EagerModel.of(plain);
            if (eager.isEmpty()) {
                System.err.println("sparsebench: " + plain.id() + " is not a plain CNN graph; measuring the SameDiff path");
            } else {
                measured = eager.get();
            }
        }
        System.err.println("sparsebench: model " + plain.id() + ", forward/input_grad via "
                + (measured == plain ? "SameDiff" : "EagerCnn") + ", train_step via SameDiff fit (Adam)");
        Throughput bench = new Throughput(plain.inputShape(), plain.numClasses(), batch, seconds, 0);
        var out = spec.commandLine().getOut();
        if (versus != null) {
            return compare(bench, measured, dir, t, out);
        }
        for (String mode : Throughput.MODES) {
            if (!modes.contains(mode)) {
                continue;
            }
            double r = switch (mode) {
                case Throughput.FORWARD -> bench.forward(measured);
                case Throughput.INPUT_GRAD -> bench.inputGradient(measured);
                default -> bench.trainStep(trainGraph);
            };
            out.println(Throughput.line(mode, batch, t, r));
            out.flush();
        }
        return ExitCodes.OK;
    }

    /** {@code --versus}: the interleaved time ratio per forward/input_grad mode, on the same path as {@code --model}. */
    private int compare(Throughput bench, Model measured, Path dir, int threads, java.io.PrintWriter out) {
        Model other = new CheckpointModelProvider().load(versus, dir);
        if (path.equals("eager") && other instanceof SameDiffModel sdm) {
            other = EagerModel.of(sdm).orElse(other);
        }
        if (!other.inputShape().equals(measured.inputShape())) {
            throw new ConfigException("--versus " + versus + ": its input shape " + other.inputShape() + " differs from "
                    + model + "'s " + measured.inputShape());
        }
        if (modes.contains(Throughput.TRAIN_STEP)) {
            System.err.println("sparsebench: --versus compares forward and input_grad; train_step is skipped");
        }
        for (String mode : List.of(Throughput.FORWARD, Throughput.INPUT_GRAD)) {
            if (modes.contains(mode)) {
                out.println(bench.versus(mode, measured, other).line(mode, model, versus, batch, threads));
                out.flush();
            }
        }
        return ExitCodes.OK;
    }
}
