package org.sparsebench.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import org.sparsebench.api.ModelProvider;
import org.sparsebench.api.Plugin;
import org.sparsebench.data.Datasets;
import org.sparsebench.run.PluginRegistry;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;

/** {@code sparsebench list}: every model, dataset and plugin with a one-line description. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List models, datasets, suite types, corruptions, attacks, OOD scores and reporters.")
final class ListCommand implements Callable<Integer> {

    @Mixin
    Paths paths;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PluginRegistry plugins = PluginRegistry.load(paths.pluginPaths());
        out.println("models:");
        for (ModelProvider p : plugins.all(ModelProvider.class)) {
            for (Map.Entry<String, String> e : p.models(paths.modelsDir()).entrySet()) {
                line(out, e.getKey(), e.getValue() + " [" + p.name() + "]");
            }
        }
        out.println("datasets:");
        new Datasets(paths.dataDir(), paths.trainDir()).describe().forEach((k, v) -> line(out, k, v));
        for (Class<? extends Plugin> kind : PluginRegistry.KINDS) {
            if (kind == ModelProvider.class) {
                continue;
            }
            out.println(PluginRegistry.kindName(kind) + "s:");
            for (Plugin p : plugins.all(kind)) {
                line(out, p.name(), p.description());
            }
        }
        return ExitCodes.OK;
    }

    private static void line(PrintWriter out, String name, String description) {
        out.printf("  %-22s %s%n", name, description);
    }
}
