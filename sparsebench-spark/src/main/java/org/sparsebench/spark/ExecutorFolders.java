package org.sparsebench.spark;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.SparkFiles;
import org.sparsebench.run.RunInputs;
import org.sparsebench.run.RunRequest;

/**
 * Where an executor finds the models, data and plugins. By default the request's absolute folders
 * (a shared file system, or the same paths on every node). When they were shipped instead
 * ({@code spark-submit --archives models.tgz#models,data.tgz#data}), point at them with
 * {@code --conf spark.sparsebench.modelsDir=models} (and {@code dataDir}, {@code trainDir},
 * {@code pluginPath}); relative folders are resolved in the executor's {@link SparkFiles} directory.
 */
final class ExecutorFolders {
    static final String PREFIX = "spark.sparsebench.";

    private ExecutorFolders() {
    }

    static RunInputs apply(RunInputs inputs) {
        SparkEnv env = SparkEnv.get();
        if (env == null) {
            return inputs;
        }
        SparkConf conf = env.conf();
        RunRequest r = inputs.request();
        List<String> plugins = conf.contains(PREFIX + "pluginPath")
                ? List.of(conf.get(PREFIX + "pluginPath").split(",")).stream().map(ExecutorFolders::resolve).toList()
                : r.pluginPaths();
        RunRequest moved = new RunRequest(r.runId(), r.createdAt(), r.suiteFile(), r.seed(), r.limit(), r.models(),
                r.batch(), folder(conf, "modelsDir", r.modelsDir()), folder(conf, "dataDir", r.dataDir()),
                folder(conf, "trainDir", r.trainDir()), plugins);
        return moved.equals(r) ? inputs : new RunInputs(moved, inputs.suiteBytes());
    }

    private static String folder(SparkConf conf, String key, String driverValue) {
        return conf.contains(PREFIX + key) ? resolve(conf.get(PREFIX + key)) : driverValue;
    }

    private static String resolve(String dir) {
        Path p = Path.of(dir);
        return p.isAbsolute() ? dir : Path.of(SparkFiles.getRootDirectory()).resolve(p).toAbsolutePath().toString();
    }
}
