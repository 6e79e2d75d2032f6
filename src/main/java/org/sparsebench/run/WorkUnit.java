package org.sparsebench.run;

import java.io.Serializable;

/**
 * One model × suite × condition to evaluate, by id, with the inputs to rebuild it anywhere. The
 * unit is the whole condition, not a shard of its samples: the built-in suites compute their
 * metrics (intervals, AUROC, robust accuracy) inside {@code Suite.evaluate} from all samples.
 *
 * @param key       the condition's cache key, unique within a run
 * @param model     model id
 * @param suite     suite id
 * @param condition condition id within the suite
 * @param inputs    the run's inputs (one shared instance)
 */
public record WorkUnit(String key, String model, String suite, String condition, RunInputs inputs)
        implements Serializable {

    /** {@code model / suite / condition}, as messages and the manifest's {@code pending} name it. */
    public String where() {
        return model + " / " + suite + " / " + condition;
    }
}
