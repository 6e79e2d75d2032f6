package org.sparsebench.run;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.sparsebench.api.AttackFactory;
import org.sparsebench.api.ConfigException;
import org.sparsebench.api.Corruption;
import org.sparsebench.api.ModelProvider;
import org.sparsebench.api.OodScore;
import org.sparsebench.api.Plugin;
import org.sparsebench.api.Plugins;
import org.sparsebench.api.ReportSection;
import org.sparsebench.api.Reporter;
import org.sparsebench.api.SuiteFactory;
import org.sparsebench.api.Suggest;

/**
 * Every plugin, discovered once with {@link ServiceLoader}: the built-ins listed in
 * {@code META-INF/services} and those in extra jars (the {@code plugins/} folder and
 * {@code --plugin-path}).
 */
public final class PluginRegistry implements Plugins {
    /** The plugin kinds, in the order {@code sparsebench list} prints them. */
    public static final List<Class<? extends Plugin>> KINDS = List.of(ModelProvider.class, SuiteFactory.class,
            Corruption.class, AttackFactory.class, OodScore.class, Reporter.class, ReportSection.class);

    private final Map<Class<?>, Map<String, Plugin>> plugins = new LinkedHashMap<>();

    private PluginRegistry(ClassLoader loader) {
        for (Class<? extends Plugin> kind : KINDS) {
            Map<String, Plugin> byName = new LinkedHashMap<>();
            try {
                for (Plugin p : ServiceLoader.load(kind, loader)) {
                    Plugin previous = byName.putIfAbsent(p.name(), p);
                    if (previous != null && previous.getClass() != p.getClass()) {
                        throw ConfigException.plugin("two " + kindName(kind) + " plugins are named '" + p.name() + "': "
                                + previous.getClass().getName() + " and " + p.getClass().getName(), null);
                    }
                }
            } catch (ServiceConfigurationError | LinkageError e) {
                throw ConfigException.plugin("a " + kindName(kind) + " plugin failed to load: " + rootMessage(e), e);
            }
            plugins.put(kind, byName);
        }
    }

    /** Built-ins plus every jar in the given folders or files (missing folders are skipped). */
    public static PluginRegistry load(List<Path> pluginPaths) {
        List<URL> urls = new ArrayList<>();
        for (Path p : pluginPaths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    s.filter(f -> f.toString().endsWith(".jar")).sorted().forEach(f -> urls.add(url(f)));
                } catch (IOException e) {
                    throw ConfigException.plugin(p + ": cannot list plugin folder (" + e.getMessage() + ")", e);
                }
            } else if (Files.isRegularFile(p)) {
                urls.add(url(p));
            } else if (!p.getFileName().toString().equals("plugins")) {
                throw ConfigException.plugin(p + ": plugin path not found", null);
            }
        }
        ClassLoader parent = PluginRegistry.class.getClassLoader();
        return new PluginRegistry(urls.isEmpty() ? parent : new URLClassLoader(urls.toArray(URL[]::new), parent));
    }

    @Override
    public <T extends Plugin> T get(Class<T> kind, String name, String where) {
        Plugin p = plugins.get(kind).get(name);
        if (p == null) {
            String hint = Suggest.closest(name, plugins.get(kind).keySet());
            throw new ConfigException(where + ": unknown " + kindName(kind) + " '" + name + "'"
                    + (hint == null ? "" : " (did you mean '" + hint + "'?)") + "; available: "
                    + String.join(", ", plugins.get(kind).keySet()));
        }
        return kind.cast(p);
    }

    @Override
    public <T extends Plugin> List<T> all(Class<T> kind) {
        return plugins.get(kind).values().stream().map(kind::cast).toList();
    }

    public static String kindName(Class<?> kind) {
        return switch (kind.getSimpleName()) {
            case "ModelProvider" -> "model provider";
            case "SuiteFactory" -> "suite type";
            case "Corruption" -> "corruption";
            case "AttackFactory" -> "attack";
            case "OodScore" -> "OOD score";
            case "Reporter" -> "reporter";
            case "ReportSection" -> "report section";
            default -> kind.getSimpleName();
        };
    }

    private static URL url(Path p) {
        try {
            return p.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new ConfigException(p + ": not a valid plugin path");
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
