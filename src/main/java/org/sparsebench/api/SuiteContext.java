package org.sparsebench.api;

import java.util.function.IntConsumer;

/**
 * What a suite gets besides the model: the in-distribution data and the sample indices to use,
 * the run seed, the batch size, other datasets by id, and a progress sink.
 *
 * @param data      in-distribution test data
 * @param indices   the samples of {@code data} this run evaluates (sub-sampled and ordered)
 * @param seed      run seed; derive per-sample seeds with {@link Seeds}
 * @param batchSize images per forward pass
 * @param datasets  resolves other datasets (e.g. out-of-distribution sets) by id
 * @param progress  called with the number of samples just finished
 * @param memo      the run's memo of model-independent batches ({@link BatchMemo#none()} for none)
 */
public record SuiteContext(Dataset data, int[] indices, long seed, int batchSize, DatasetResolver datasets,
        IntConsumer progress, BatchMemo memo) {

    public SuiteContext {
        memo = memo == null ? BatchMemo.none() : memo;
    }

    /** A context without a batch memo. */
    public SuiteContext(Dataset data, int[] indices, long seed, int batchSize, DatasetResolver datasets,
            IntConsumer progress) {
        this(data, indices, seed, batchSize, datasets, progress, BatchMemo.none());
    }

    /** Loads a dataset by id; throws {@link ConfigException} for unknown ids. */
    public interface DatasetResolver {
        Dataset resolve(String id);
    }
}
