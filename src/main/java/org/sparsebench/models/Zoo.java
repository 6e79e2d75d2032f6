package org.sparsebench.models;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.sparsebench.api.ConfigException;
import org.sparsebench.api.InputShape;
import org.sparsebench.api.Params;

/**
 * The architectures the project trains: one YAML spec per model, {@code <modelsDir>/<id>.yaml}, beside
 * the checkpoint directory {@code <modelsDir>/<id>/} that {@code sparsebench train} writes from it.
 * <pre>
 * id: ista-cnn                 # must equal the file name
 * variant: ista                # relu | sparse-prior | soft-threshold | ista | kwta
 * istaIterations: 3            # ista only
 * kwtaRatio: 0.2               # kwta only
 * input: {channels: 1, height: 28, width: 28}
 * convChannels: [16, 32, 64]
 * kernel: 3
 * hiddenUnits: 64
 * classes: 10
 * seed: 42                     # training defaults; --seed/--epochs override
 * epochs: 6
 * </pre>
 * Unknown keys and bad values are {@link ConfigException}s naming the file and field.
 */
public final class Zoo {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private Zoo() {
    }

    /** A spec file: the architecture and its training defaults. */
    public record Entry(CnnSpec spec, long seed, int epochs) {
    }

    /** The spec of {@code id} from {@code modelsDir/<id>.yaml}; {@link ConfigException} listing the known ids otherwise. */
    public static Entry load(Path modelsDir, String id) {
        Map<String, Path> files = specFiles(modelsDir);
        Path file = files.get(id);
        if (file == null) {
            throw new ConfigException("unknown architecture \"" + id + "\" (no " + modelsDir.resolve(id + ".yaml")
                    + "); known: " + (files.isEmpty() ? "(none)" : String.join(", ", files.keySet())));
        }
        return read(file);
    }

    /** The architecture of {@code id} in {@code modelsDir}. */
    public static CnnSpec spec(Path modelsDir, String id) {
        return load(modelsDir, id).spec();
    }

    /** The architecture of {@code id} in {@code ./models} (the repository's zoo). */
    public static CnnSpec spec(String id) {
        return spec(Path.of("models"), id);
    }

    /** Ids of every spec file in {@code modelsDir}, sorted, each with its file. */
    public static Map<String, Path> specFiles(Path modelsDir) {
        Map<String, Path> out = new TreeMap<>();
        if (!Files.isDirectory(modelsDir)) {
            return out;
        }
        try (Stream<Path> s = Files.list(modelsDir)) {
            s.filter(p -> p.getFileName().toString().endsWith(".yaml") && Files.isRegularFile(p))
                    .forEach(p -> out.put(p.getFileName().toString().replaceFirst("\\.yaml$", ""), p));
        } catch (IOException e) {
            throw new ConfigException(modelsDir + ": cannot list model specs (" + e.getMessage() + ")");
        }
        return out;
    }

    /** Reads one spec file. */
    @SuppressWarnings("unchecked")
    public static Entry read(Path file) {
        Object root;
        try {
            root = YAML.readValue(Files.readAllBytes(file), Object.class);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": file not found");
        } catch (JsonProcessingException e) {
            throw new ConfigException(file + ": not valid YAML (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read (" + e.getMessage() + ")");
        }
        if (!(root instanceof Map)) {
            throw new ConfigException(file + ": expected a mapping of spec fields");
        }
        Params p = new Params(file.toString(), (Map<String, Object>) root);
        String id = p.string("id");
        String expected = file.getFileName().toString().replaceFirst("\\.yaml$", "");
        if (!id.equals(expected)) {
            throw new ConfigException(file + ": id \"" + id + "\" must equal the file name \"" + expected + "\"");
        }
        Variant variant = Variant.of(p.string("variant", Variant.RELU.id()));
        Params in = p.map("input");
        InputShape shape = new InputShape(in.integer("channels", 1, 1, 4096), in.integer("height", 28, 1, 65536),
                in.integer("width", 28, 1, 65536));
        in.checkNoUnknownKeys();
        Integer iterations = p.has("istaIterations")
                ? p.integer("istaIterations", 0, 0, CnnSpec.MAX_ISTA_ITERATIONS) : null;
        Double ratio = p.has("kwtaRatio") ? p.number("kwtaRatio", 0.1, Double.MIN_VALUE, 1) : null;
        CnnSpec spec;
        try {
            spec = new CnnSpec(id, shape, p.integers("convChannels", List.of(16, 32, 64), 1, 4096), p.integer("kernel", 3, 1, 31),
                    p.integer("hiddenUnits", 64, 1, 1 << 20), p.integer("classes", 10, 2, 1 << 20),
                    variant == Variant.RELU ? null : variant, iterations, ratio);
        } catch (ConfigException e) {
            throw new ConfigException(file + ": " + e.getMessage());
        }
        long seed = (long) p.number("seed", 42, 0, Long.MAX_VALUE);
        int epochs = p.integer("epochs", 5, 1, 10_000);
        p.checkNoUnknownKeys();
        return new Entry(spec, seed, epochs);
    }
}
