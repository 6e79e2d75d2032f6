package org.sparsebench.run;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import org.sparsebench.api.ConditionResult;

/**
 * The outcome of one {@link WorkUnit}, serializable so that it can travel back from another JVM:
 * the condition's result as the same JSON document a checkpoint holds, or the reason it failed
 * (non-finite model output), which fails only this condition.
 *
 * @param key   the unit's key
 * @param json    {@link ResultStore#conditionJson} of the result, or null when it failed
 * @param samples per-sample records in the result (0 when it failed), for progress
 * @param error   why it failed, or null
 */
public record WorkResult(String key, byte[] json, int samples, String error) implements Serializable {

    static WorkResult of(String key, ConditionResult result) {
        try {
            return new WorkResult(key, ResultStore.conditionJson(result), result.samples().rows(), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static WorkResult failed(String key, String error) {
        return new WorkResult(key, null, 0, error);
    }

    /** The decoded result; null when the unit failed. */
    ConditionResult result() {
        return json == null ? null : ResultStore.parseCondition(json);
    }
}
