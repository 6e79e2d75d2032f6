package org.sparsebench.cli;

import java.util.concurrent.Callable;
import org.sparsebench.api.ConfigException;
import org.sparsebench.api.Dataset;
import org.sparsebench.data.Datasets;
import org.sparsebench.models.ModelManifest;
import org.sparsebench.models.Trainer;
import org.sparsebench.models.Zoo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sparsebench train --model relu-cnn}: trains a zoo architecture and saves its checkpoint. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a zoo model on Fashion-MNIST and save models/<id>/ (checkpoint + manifest).")
final class TrainCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "ID", description = "Zoo architecture id: a spec file <models-dir>/<id>.yaml, e.g. relu-cnn.")
    String model;

    @Option(names = "--epochs", paramLabel = "N", description = "Epochs (default: the spec file's epochs).")
    Integer epochs;

    @Option(names = "--seed", paramLabel = "SEED", description = "Seed (default: the spec file's seed).")
    Long seed;

    @Mixin
    Paths paths;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Zoo.Entry entry = Zoo.load(paths.modelsDir(), model);
        int epochs = this.epochs != null ? this.epochs : entry.epochs();
        long seed = this.seed != null ? this.seed : entry.seed();
        if (epochs < 1) {
            throw new ConfigException("--epochs: " + epochs + " must be at least 1");
        }
        Datasets datasets = new Datasets(paths.dataDir(), paths.trainDir());
        Dataset train = datasets.open(Datasets.FASHION_MNIST_TRAIN);
        Dataset test = datasets.open(Datasets.FASHION_MNIST_TEST);
        ModelManifest m = Trainer.trainAndSave(entry.spec(), train, test, epochs, seed, paths.modelsDir());
        spec.commandLine().getOut().printf("trained %s: test accuracy %.4f -> %s%n", m.id(), m.testAccuracy(),
                paths.modelsDir().resolve(m.id()));
        return ExitCodes.OK;
    }
}
