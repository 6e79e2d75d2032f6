package org.sparsebench.models;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.nd4j.autodiff.samediff.SameDiff;
import org.sparsebench.api.ConfigException;

/**
 * Checkpoint directories {@code <modelsDir>/<id>/} holding {@value #SAMEDIFF_FILE} (SameDiff's own
 * flat-buffer format, without updater state) and {@value #MANIFEST}. Saving is atomic: both files
 * are written to a temporary sibling directory that is then renamed into place, so a reader sees
 * either the old checkpoint or the new one, never half of one.
 */
public final class Checkpoints {
    public static final String MANIFEST = "manifest.json";
    public static final String SAMEDIFF_FILE = "model.sd";
    /** Written into manifests; the jar's Implementation-Version when packaged. */
    public static final String VERSION = versionOrDefault();

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Checkpoints() {
    }

    /**
     * Saves {@code sd} with {@code manifest} (its {@code checkpointSha256} is filled in here) as
     * {@code modelsDir/<manifest.id>/}, replacing an existing checkpoint of that id.
     *
     * @return the manifest as written
     */
    public static ModelManifest save(Path modelsDir, SameDiff sd, ModelManifest manifest) {
        Path target = modelsDir.resolve(manifest.id());
        Path tmp = null;
        try {
            Files.createDirectories(modelsDir);
            tmp = Files.createTempDirectory(modelsDir, "." + manifest.id() + ".tmp-");
            try { // temp directories are created owner-only; a published checkpoint should be world-readable
                Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            } catch (UnsupportedOperationException ignored) {
                // non-POSIX file system: keep the default
            }
            Path model = tmp.resolve(SAMEDIFF_FILE);
            sd.save(model.toFile(), false);
            ModelManifest done = manifest.withCheckpointSha256(sha256(model));
            Files.writeString(tmp.resolve(MANIFEST), JSON.writeValueAsString(done) + "\n");
            replaceDir(tmp, target);
            tmp = null;
            return done;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + target + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                deleteTree(tmp);
            }
        }
    }

    /** Reads {@code modelDir/manifest.json}; {@link ConfigException} naming the file if unusable. */
    public static ModelManifest readManifest(Path modelDir) {
        Path file = modelDir.resolve(MANIFEST);
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw ConfigException.model(file + ": file not found");
        } catch (IOException e) {
            throw ConfigException.model(file + ": cannot read (" + e.getMessage() + ")");
        }
        ModelManifest m;
        try {
            m = JSON.readValue(text, ModelManifest.class);
        } catch (JsonProcessingException e) {
            throw ConfigException.model(file + ": not a valid model manifest (" + e.getOriginalMessage() + ")", e);
        } catch (RuntimeException e) {
            // record constructors (CnnSpec, InputShape) reject bad values with their own message
            Throwable c = e.getCause() != null ? e.getCause() : e;
            throw ConfigException.model(file + ": not a valid model manifest (" + c.getMessage() + ")", e);
        }
        if (m.id() == null || m.format() == null) {
            throw ConfigException.model(file + ": manifest needs \"id\" and \"format\"");
        }
        return m;
    }

    /** Serialized form of a manifest, as {@link #save} writes it. */
    public static String toJson(ModelManifest m) {
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Loads the SameDiff checkpoint in {@code modelDir}, after checking that the file's SHA-256
     * matches the manifest's {@code checkpointSha256} (when given).
     */
    public static SameDiffModel load(Path modelDir) {
        ModelManifest m = readManifest(modelDir);
        if (!ModelManifest.SAMEDIFF.equals(m.format())) {
            throw ConfigException.model(modelDir.resolve(MANIFEST) + ": format is \"" + m.format() + "\", expected \""
                    + ModelManifest.SAMEDIFF + "\"");
        }
        return loadSameDiff(modelDir, m);
    }

    static SameDiffModel loadSameDiff(Path modelDir, ModelManifest m) {
        Path manifestFile = modelDir.resolve(MANIFEST);
        if (m.spec() == null) {
            throw ConfigException.model(manifestFile + ": samediff manifest needs \"spec\"");
        }
        Path file = modelDir.resolve(m.file() != null ? m.file() : SAMEDIFF_FILE);
        String sha = sha256(file);
        if (m.checkpointSha256() != null && !m.checkpointSha256().equalsIgnoreCase(sha)) {
            throw ConfigException.model(file + ": SHA-256 " + sha + " does not match checkpointSha256 "
                    + m.checkpointSha256() + " in " + manifestFile);
        }
        SameDiff sd;
        try {
            sd = SameDiff.load(file.toFile(), false);
        } catch (RuntimeException e) {
            throw ConfigException.model(file + ": not a readable SameDiff model (" + e.getMessage() + ")", e);
        }
        for (String name : new String[] {SameDiffCnn.INPUT, SameDiffCnn.LOGITS, SameDiffCnn.FEATURES,
                SameDiffCnn.OBJECTIVE, SameDiffCnn.SAMPLE_LOSS}) {
            if (!sd.hasVariable(name)) {
                throw ConfigException.model(file + ": SameDiff graph has no variable \"" + name + "\"");
            }
        }
        return new SameDiffModel(m.id(), m.spec(), sd);
    }

    /** Hex SHA-256 of a file; {@link ConfigException} if it cannot be read. */
    public static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchFileException e) {
            throw ConfigException.model(file + ": file not found");
        } catch (IOException e) {
            throw ConfigException.model(file + ": cannot read (" + e.getMessage() + ")");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void replaceDir(Path tmp, Path target) throws IOException {
        Path old = null;
        if (Files.exists(target)) {
            old = target.resolveSibling("." + target.getFileName() + ".old-" + System.nanoTime());
            Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target);
        } catch (IOException e) {
            if (old != null) {
                Files.move(old, target, StandardCopyOption.ATOMIC_MOVE);
            }
            throw e;
        }
        if (old != null) {
            deleteTree(old);
        }
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort clean-up of a temporary directory
        }
    }

    private static String versionOrDefault() {
        String v = Checkpoints.class.getPackage().getImplementationVersion();
        return v != null ? v : "0.1.0-SNAPSHOT";
    }
}
