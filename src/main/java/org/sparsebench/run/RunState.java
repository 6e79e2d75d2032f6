package org.sparsebench.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.sparsebench.api.ConditionResult;
import org.sparsebench.api.ConfigException;

/**
 * The folder of a run that is not yet published, {@code reports/.incomplete-<run-id>/}: the request
 * that started it ({@code run.json}), a copy of its suite file, and one checkpoint per finished
 * model × suite × condition, appended to {@code checkpoints.log} ({@link CheckpointLog}; a record torn
 * by a crash is dropped). A killed or interrupted run resumes from here; a finished run is renamed to
 * {@code reports/<run-id>/}. Folders of older versions, with one {@code checkpoints/<key>.json} per
 * condition, still resume.
 */
public final class RunState {
    static final String PREFIX = ".incomplete-";
    private static final String REQUEST = "run.json";
    private static final String SUITE_COPY = "suite.yaml";
    private static final String CHECKPOINTS = "checkpoints";
    static final String CHECKPOINT_LOG = "checkpoints.log";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path dir;
    private final RunRequest request;
    private CheckpointLog log;

    private RunState(Path dir, RunRequest request) {
        this.dir = dir;
        this.request = request;
    }

    /** Starts the folder of a new run. */
    static RunState create(Path reportsDir, RunRequest request, byte[] suiteBytes) throws IOException {
        Path dir = reportsDir.resolve(PREFIX + request.runId());
        Files.createDirectories(dir);
        ResultStore.writeAtomically(dir.resolve(SUITE_COPY), suiteBytes);
        ResultStore.writeAtomically(dir.resolve(REQUEST), JSON.writeValueAsBytes(request));
        return new RunState(dir, request);
    }

    /** Opens an unfinished run for {@code --resume}; lists the resumable ids when it does not exist. */
    static RunState open(Path reportsDir, String runId) {
        if (!runId.matches("[0-9A-Za-z._-]+")) {
            throw new ConfigException("--resume: '" + runId + "' is not a run id (expected e.g. 20261129-012709-292)");
        }
        Path dir = reportsDir.resolve(PREFIX + runId);
        if (!Files.isDirectory(dir)) {
            String hint = Files.isDirectory(reportsDir.resolve(runId)) ? "; that run is already complete" : "";
            throw new ConfigException("--resume: no unfinished run '" + runId + "' in " + reportsDir + hint
                    + "; unfinished runs: " + (resumable(reportsDir).isEmpty() ? "none"
                            : String.join(", ", resumable(reportsDir))));
        }
        try {
            return new RunState(dir, JSON.readValue(dir.resolve(REQUEST).toFile(), RunRequest.class));
        } catch (IOException e) {
            throw new ConfigException(dir.resolve(REQUEST) + ": cannot read the run request (" + e.getMessage() + ")");
        }
    }

    /** Ids of the unfinished runs under {@code reportsDir}, oldest first. */
    static List<String> resumable(Path reportsDir) {
        try (Stream<Path> s = Files.list(reportsDir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(PREFIX))
                    .map(n -> n.substring(PREFIX.length())).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    public Path dir() {
        return dir;
    }

    public RunRequest request() {
        return request;
    }

    /** The suite file as it was when the run started. */
    Path suiteCopy() {
        return dir.resolve(SUITE_COPY);
    }

    /** The checkpoint of {@code key}, or null when not yet done (or torn by a crash). */
    ConditionResult checkpoint(String key) throws IOException {
        byte[] json = log().get(key);
        if (json != null) {
            try {
                return ResultStore.parseCondition(json);
            } catch (RuntimeException e) {
                return null; // not trusted: recomputed
            }
        }
        Path f = dir.resolve(CHECKPOINTS).resolve(key + ".json");
        return Files.exists(f) ? ResultStore.readCondition(f) : null;
    }

    void save(String key, ConditionResult result) throws IOException {
        save(key, ResultStore.conditionJson(result));
    }

    /** Checkpoints a finished unit from its {@link ResultStore#conditionJson} document, as an engine returned it. */
    void save(String key, byte[] conditionJson) throws IOException {
        log().append(key, conditionJson);
    }

    private CheckpointLog log() throws IOException {
        if (log == null) {
            log = CheckpointLog.open(dir.resolve(CHECKPOINT_LOG));
        }
        return log;
    }

    /**
     * Publishes the finished run: drops the checkpoints and the request, renames the folder to
     * {@code reports/<run-id>/} and points {@code reports/latest} at it.
     */
    Path publish() throws IOException {
        deleteTree(dir.resolve(CHECKPOINTS));
        Files.deleteIfExists(dir.resolve(CHECKPOINT_LOG));
        Files.deleteIfExists(dir.resolve(REQUEST));
        Files.deleteIfExists(dir.resolve(SUITE_COPY));
        Path reports = dir.getParent();
        Path target = reports.resolve(request.runId());
        if (Files.exists(target)) {
            throw new IOException(target + " already exists");
        }
        Files.move(dir, target, StandardCopyOption.ATOMIC_MOVE);
        Path link = reports.resolve(".latest-" + request.runId());
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, target.getFileName());
        Files.move(link, reports.resolve("latest"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return target;
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (NoSuchFileException e) {
            // already gone
        }
    }
}
