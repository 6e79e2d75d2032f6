package org.sparsebench.suites.anomaly;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparsebench.api.Corruption;
import org.sparsebench.api.Dataset;
import org.sparsebench.api.Seeds;
import org.sparsebench.api.SuiteContext;
import org.sparsebench.suites.support.BatchKey;

/**
 * The run's own in-distribution samples, transformed: inverted ({@code 1 − x}, far-OOD) or strongly
 * corrupted (near-OOD). A corruption's per-sample seeds use the noise suite's stream
 * ({@code <corruption>/<severity>}), so the images equal the noise suite's corrupted images.
 */
public final class TransformedOodSet implements OodSet {
    private final String id;
    private final Group group;
    private final Corruption corruption; // null: inversion
    private final int severity;

    private TransformedOodSet(String id, Group group, Corruption corruption, int severity) {
        this.id = id;
        this.group = group;
        this.corruption = corruption;
        this.severity = severity;
    }

    /** {@code 1 − x} of every evaluated image (far-OOD by default). */
    public static TransformedOodSet inverted(Group group) {
        return new TransformedOodSet("inverted", group, null, 0);
    }

    /** The evaluated images under {@code corruption} at {@code severity} (near-OOD by default). */
    public static TransformedOodSet corrupted(Corruption corruption, int severity, Group group) {
        return new TransformedOodSet("corrupted-" + corruption.name() + "-" + severity, group, corruption, severity);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Group group() {
        return group;
    }

    @Override
    public String description() {
        return corruption == null ? "in-distribution images inverted (1 − x)"
                : "in-distribution images under " + corruption.name() + " at severity " + severity;
    }

    @Override
    public Drawn draw(SuiteContext ctx, int n) {
        Dataset data = ctx.data();
        int[] idx = Arrays.copyOf(ctx.indices(), Math.min(n, ctx.indices().length));
        return new Drawn(idx, data.labels(idx), (from, to) -> {
            int[] part = Arrays.copyOfRange(idx, from, to);
            return ctx.memo().get(BatchKey.of(part, "transformed", id, corruption == null ? "inverted" : corruption,
                    severity, ctx.seed(), data), () -> {
                        INDArray x = data.images(part);
                        if (corruption == null) {
                            return x.rsub(1.0);
                        }
                        return corruption.apply(x, severity,
                                Seeds.of(ctx.seed(), corruption.name() + "/" + severity, part));
                    });
        });
    }

    @Override
    public String toString() {
        return "TransformedOodSet(id=" + id + ", group=" + group.id() + ")";
    }
}
