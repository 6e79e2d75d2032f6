package org.sparsebench.suites.anomaly;

import java.util.Arrays;
import org.sparsebench.api.ConfigException;
import org.sparsebench.api.Dataset;
import org.sparsebench.api.SuiteContext;
import org.sparsebench.data.StratifiedSampler;

/** A labelled dataset as OOD set (e.g. MNIST digits), sampled stratified by its labels with the run seed. */
public final class DatasetOodSet implements OodSet {
    private final String id;
    private final Group group;

    public DatasetOodSet(String id, Group group) {
        this.id = id;
        this.group = group;
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
        return "dataset " + id;
    }

    @Override
    public Drawn draw(SuiteContext ctx, int n) {
        Dataset out = ctx.datasets().resolve(id);
        if (!out.shape().equals(ctx.data().shape())) {
            throw new ConfigException("out-of-distribution set '" + id + "' has images of " + out.shape()
                    + ", the in-distribution data " + ctx.data().shape());
        }
        int[] idx = StratifiedSampler.sample(out, Math.min(n, out.size()), ctx.seed());
        return new Drawn(idx, out.labels(idx), (from, to) -> out.images(Arrays.copyOfRange(idx, from, to)));
    }

    @Override
    public String toString() {
        return "DatasetOodSet(id=" + id + ", group=" + group.id() + ")";
    }
}
