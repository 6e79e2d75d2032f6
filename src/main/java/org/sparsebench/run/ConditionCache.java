package org.sparsebench.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.sparsebench.api.Condition;
import org.sparsebench.api.ConditionResult;
import org.sparsebench.api.RunResults;
import org.sparsebench.api.Suite;

/**
 * Finished model × suite × condition results keyed by everything that determines them: the model
 * checkpoint's hash, the suite's family/id/spec, the condition, the data hash, the evaluated sample
 * indices, the seed, the batch size and the SparseBench version. Stored as
 * {@code reports/.cache/<key>.json}; a new run with the same key reuses the result.
 */
final class ConditionCache {
    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private final Path dir;
    private final boolean enabled;

    ConditionCache(Path dir, boolean enabled) {
        this.dir = dir;
        this.enabled = enabled;
    }

    /** SHA-256 over the canonical JSON of every input of the condition. */
    static String key(String modelSha, Suite suite, Condition condition, String dataSha, int[] indices, long seed,
            int batch) {
        Map<String, Object> k = new LinkedHashMap<>();
        k.put("schema", RunResults.SCHEMA);
        k.put("version", Manifest.version());
        k.put("model", modelSha);
        k.put("family", suite.family());
        k.put("suite", suite.id());
        k.put("spec", new TreeMap<>(suite.spec()));
        k.put("condition", condition.id());
        k.put("params", new TreeMap<>(condition.params()));
        k.put("data", dataSha);
        k.put("indices", sha256(intsBytes(indices)));
        k.put("seed", seed);
        k.put("batch", batch);
        try {
            return sha256(CANONICAL.writeValueAsBytes(k));
        } catch (IOException e) {
            throw new IllegalStateException("cache key of " + condition.id() + ": " + e.getMessage(), e);
        }
    }

    ConditionResult get(String key) {
        if (!enabled) {
            return null;
        }
        Path f = dir.resolve(key + ".json");
        return Files.exists(f) ? ResultStore.readCondition(f) : null;
    }

    /** Stores a result given as its {@link ResultStore#conditionJson} document. */
    void put(String key, byte[] conditionJson) throws IOException {
        if (enabled) {
            ResultStore.writeAtomically(dir.resolve(key + ".json"), conditionJson);
        }
    }

    private static byte[] intsBytes(int[] a) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(a.length * 4);
        for (int v : a) {
            b.putInt(v);
        }
        return b.array();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
