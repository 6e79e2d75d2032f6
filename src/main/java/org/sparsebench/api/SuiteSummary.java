package org.sparsebench.api;

import java.util.Map;

/**
 * A metric set that spans conditions (and possibly models) of one suite, for one model: e.g. a
 * corruption's CE, the mCE, AutoAttack's cumulative robust accuracy. {@code name} identifies it
 * within the suite ({@code mCE}, {@code CE/gaussian-noise}); {@code params} says how it was computed
 * (baseline model, normalization).
 */
public record SuiteSummary(String model, String suite, String family, String name, Map<String, Object> params,
        Map<String, Metric> metrics) {
}
