package org.sparsebench.models;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.sparsebench.api.ConfigException;
import org.sparsebench.api.InputShape;
import org.sparsebench.api.Model;
import org.sparsebench.api.ModelProvider;

/**
 * Models stored as {@code <modelsDir>/<id>/manifest.json} plus a checkpoint file: format
 * {@code samediff} loads as {@link SameDiffModel}, format {@code dl4j} (a user's
 * MultiLayerNetwork zip) as {@link Dl4jModel}. DL4J zips are checked before DL4J sees them: a valid
 * zip, no entry escaping the archive ({@code ..} segments or absolute names), and the
 * {@code configuration.json} and {@code coefficients.bin} entries of a DL4J model.
 */
public final class CheckpointModelProvider implements ModelProvider {

    @Override
    public String name() {
        return "checkpoints";
    }

    @Override
    public String description() {
        return "models in <models-dir>/<id>/ with a manifest.json (SameDiff checkpoints, DL4J zips)";
    }

    @Override
    public Map<String, String> models(Path modelsDir) {
        Map<String, String> out = new TreeMap<>();
        if (!Files.isDirectory(modelsDir)) {
            return out;
        }
        try (Stream<Path> dirs = Files.list(modelsDir)) {
            for (Path d : (Iterable<Path>) dirs.sorted()::iterator) {
                String dirName = d.getFileName().toString();
                if (dirName.startsWith(".") || !Files.isRegularFile(d.resolve(Checkpoints.MANIFEST))) {
                    continue;
                }
                ModelManifest m = Checkpoints.readManifest(d);
                if (!dirName.equals(m.id())) {
                    throw ConfigException.model(d.resolve(Checkpoints.MANIFEST) + ": id \"" + m.id()
                            + "\" does not match its directory name \"" + dirName + "\"");
                }
                out.put(m.id(), m.description() != null ? m.description() : m.format() + " model");
            }
        } catch (IOException e) {
            throw ConfigException.model(modelsDir + ": cannot list models directory (" + e.getMessage() + ")");
        }
        return out;
    }

    @Override
    public Model load(String id, Path modelsDir) {
        Path dir = modelDir(id, modelsDir);
        ModelManifest m = Checkpoints.readManifest(dir);
        Path manifestFile = dir.resolve(Checkpoints.MANIFEST);
        return switch (m.format()) {
            case ModelManifest.SAMEDIFF -> Checkpoints.loadSameDiff(dir, m);
            case ModelManifest.DL4J -> loadDl4j(dir, m, manifestFile);
            default -> throw ConfigException.model(manifestFile + ": unknown format \"" + m.format() + "\"; expected "
                    + ModelManifest.SAMEDIFF + " or " + ModelManifest.DL4J);
        };
    }

    @Override
    public String fingerprint(String id, Path modelsDir) {
        Path dir = modelDir(id, modelsDir);
        ModelManifest m = Checkpoints.readManifest(dir);
        return Checkpoints.sha256(checkpointFile(dir, m));
    }

    private Path modelDir(String id, Path modelsDir) {
        Map<String, String> known = models(modelsDir);
        if (!known.containsKey(id)) {
            throw new ConfigException("unknown model \"" + id + "\" in " + modelsDir + "; available: "
                    + (known.isEmpty() ? "(none)" : String.join(", ", known.keySet())));
        }
        return modelsDir.resolve(id);
    }

    private static Path checkpointFile(Path dir, ModelManifest m) {
        String file = m.file() != null ? m.file() : ModelManifest.SAMEDIFF.equals(m.format()) ? Checkpoints.SAMEDIFF_FILE
                : null;
        if (file == null) {
            throw ConfigException.model(dir.resolve(Checkpoints.MANIFEST) + ": \"file\" is required for format "
                    + m.format());
        }
        Path p = dir.resolve(file).normalize();
        if (!p.startsWith(dir.normalize())) {
            throw ConfigException.model(dir.resolve(Checkpoints.MANIFEST) + ": \"file\" " + file
                    + " points outside the model directory");
        }
        return p;
    }

    private static Model loadDl4j(Path dir, ModelManifest m, Path manifestFile) {
        Path file = checkpointFile(dir, m);
        InputShape shape = m.inputShape();
        if (shape == null || m.classes() == null || m.softmaxOutput() == null) {
            throw ConfigException.model(manifestFile + ": dl4j manifest needs \"inputShape\", \"classes\" and "
                    + "\"softmaxOutput\"");
        }
        checkSha(file, m, manifestFile);
        boolean graph = checkDl4jZip(file);
        if (graph) {
            throw ConfigException.model(file + ": is a ComputationGraph; only MultiLayerNetwork zips are supported so far");
        }
        MultiLayerNetwork net;
        try {
            net = ModelSerializer.restoreMultiLayerNetwork(file.toFile(), false);
        } catch (IOException | RuntimeException e) {
            throw ConfigException.model(file + ": not a loadable DL4J MultiLayerNetwork (" + e.getMessage() + ")", e);
        }
        return new Dl4jModel(m.id(), net, shape, m.classes(), m.softmaxOutput(), file.toString());
    }

    private static void checkSha(Path file, ModelManifest m, Path manifestFile) {
        if (m.checkpointSha256() != null) {
            String sha = Checkpoints.sha256(file);
            if (!sha.equalsIgnoreCase(m.checkpointSha256())) {
                throw ConfigException.model(file + ": SHA-256 " + sha + " does not match checkpointSha256 in " + manifestFile);
            }
        }
    }

    /**
     * Validates a DL4J model zip without extracting it.
     *
     * @return true for a ComputationGraph, false for a MultiLayerNetwork
     */
    static boolean checkDl4jZip(Path file) {
        if (!Files.isRegularFile(file)) {
            throw ConfigException.model(file + ": file not found");
        }
        boolean config = false;
        boolean coefficients = false;
        try (ZipFile zip = new ZipFile(file.toFile())) {
            for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
                String name = en.nextElement().getName();
                String n = name.replace('\\', '/');
                if (n.startsWith("/") || n.matches("^[A-Za-z]:.*") || ("/" + n + "/").contains("/../")) {
                    throw ConfigException.model(file + ": refused, zip entry \"" + name + "\" escapes the archive");
                }
                config |= n.equals("configuration.json");
                coefficients |= n.equals("coefficients.bin");
            }
            if (!config || !coefficients) {
                throw ConfigException.model(file + ": not a DL4J model zip (needs configuration.json and coefficients.bin)");
            }
            String json = new String(zip.getInputStream(zip.getEntry("configuration.json")).readAllBytes(),
                    java.nio.charset.StandardCharsets.UTF_8);
            return json.contains("\"vertices\"");
        } catch (ZipException e) {
            throw ConfigException.model(file + ": not a zip file (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw ConfigException.model(file + ": cannot read (" + e.getMessage() + ")");
        }
    }
}
