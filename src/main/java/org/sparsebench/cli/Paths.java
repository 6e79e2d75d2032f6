package org.sparsebench.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Locations shared by the commands; defaults are relative to the SparseBench home. */
public final class Paths {
    /** The checkout the launcher runs from ({@code -Dsparsebench.home}), else the current directory. */
    public static Path home() {
        return Path.of(System.getProperty("sparsebench.home", ".")).toAbsolutePath().normalize();
    }

    @Option(names = "--models-dir", paramLabel = "DIR", description = "Model checkpoints (default: <home>/models).")
    Path modelsDir;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Embedded data (default: <home>/data).")
    Path dataDir;

    @Option(names = "--train-data", paramLabel = "DIR",
            description = "Fashion-MNIST training IDX files (default: /usr/share/datasets/fashion-mnist).")
    Path trainDir;

    @Option(names = "--plugin-path", paramLabel = "PATH", split = ",",
            description = "Extra plugin jars or folders of jars (in addition to <home>/plugins).")
    List<Path> pluginPath = new ArrayList<>();

    Path modelsDir() {
        return modelsDir != null ? modelsDir : home().resolve("models");
    }

    Path dataDir() {
        return dataDir != null ? dataDir : home().resolve("data");
    }

    Path trainDir() {
        return trainDir != null ? trainDir : Path.of("/usr/share/datasets/fashion-mnist");
    }

    List<Path> pluginPaths() {
        List<Path> all = new ArrayList<>();
        all.add(home().resolve("plugins"));
        all.addAll(pluginPath);
        return all;
    }
}
