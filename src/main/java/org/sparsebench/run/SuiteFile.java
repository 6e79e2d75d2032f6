package org.sparsebench.run;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.sparsebench.api.ConfigException;
import org.sparsebench.api.Params;
import org.sparsebench.api.Plugins;
import org.sparsebench.api.Suite;
import org.sparsebench.api.SuiteFactory;
import org.sparsebench.suites.support.SiblingSuiteFactory;

/**
 * Reads a suite file (YAML):
 * <pre>
 * name: default
 * seed: 42
 * models: [relu-cnn]
 * data: fashion-mnist-test
 * limit: 1000          # stratified sub-sample; 0 = all
 * batch: 256
 * suites:
 *   - type: noise
 *     corruptions: [gaussian-noise]
 * </pre>
 */
public final class SuiteFile {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private SuiteFile() {
    }

    public static RunSpec read(Path file, Plugins plugins) {
        return read(file, file.toString(), plugins);
    }

    /** Reads {@code file}, naming it {@code name} in messages and the manifest (a resumed run's copy). */
    public static RunSpec read(Path file, String name, Plugins plugins) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": suite file not found");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read suite file (" + e.getMessage() + ")");
        }
        return read(bytes, name, plugins);
    }

    /** Reads a suite file's content, naming it {@code name} in messages and the manifest. */
    public static RunSpec read(byte[] bytes, String name, Plugins plugins) {
        Map<String, Object> root = parse(Path.of(name), bytes);
        Params p = new Params(name, root);
        String runName = p.string("name", Path.of(name).getFileName().toString().replaceFirst("\\.ya?ml$", ""));
        String description = p.string("description", "");
        long seed = (long) p.number("seed", 42, 0, Long.MAX_VALUE);
        List<String> models = p.strings("models", List.of());
        String data = p.string("data", "fashion-mnist-test");
        int limit = p.integer("limit", 0, 1, Integer.MAX_VALUE); // absent = all samples
        int batch = p.integer("batch", 256, 1, 65536);
        List<Params> entries = p.list("suites");
        Suite[] built = new Suite[entries.size()];
        SuiteFactory[] factories = new SuiteFactory[entries.size()];
        for (int i = 0; i < entries.size(); i++) {
            Params s = entries.get(i);
            if (!s.has("type")) {
                throw new ConfigException(s.where() + ": missing 'type', expected one of: "
                        + String.join(", ", plugins.all(SuiteFactory.class).stream().map(SuiteFactory::name).toList()));
            }
            factories[i] = plugins.get(SuiteFactory.class, s.string("type"), s.where() + ".type");
            if (!(factories[i] instanceof SiblingSuiteFactory)) {
                built[i] = factories[i].create(s, plugins);
            }
        }
        // Suites built on the file's other suites (anomaly detection of perturbed inputs) come second.
        List<Suite> siblings = java.util.Arrays.stream(built).filter(java.util.Objects::nonNull).toList();
        for (int i = 0; i < entries.size(); i++) {
            if (factories[i] instanceof SiblingSuiteFactory f) {
                built[i] = f.create(entries.get(i), plugins, siblings);
            }
        }
        List<Suite> suites = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Suite suite = built[i];
            if (ids.contains(suite.id())) {
                throw new ConfigException(entries.get(i).where() + ": suite id '" + suite.id()
                        + "' is used twice; give one an 'id'");
            }
            ids.add(suite.id());
            suites.add(suite);
        }
        if (suites.isEmpty()) {
            throw new ConfigException(name + ": 'suites' is empty, expected at least one suite");
        }
        p.checkNoUnknownKeys();
        return new RunSpec(name, sha256(bytes), runName, description, seed, models, data, limit, batch, suites);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(Path file, byte[] bytes) {
        try {
            Object o = YAML.readValue(bytes, Object.class);
            if (!(o instanceof Map)) {
                throw new ConfigException(file + ": expected a YAML mapping at the top level (name, models, suites, ...)");
            }
            return (Map<String, Object>) o;
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            String at = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            throw new ConfigException(file + ": malformed YAML" + at + ": " + e.getOriginalMessage().split("\n")[0]);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read suite file (" + e.getMessage() + ")");
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
