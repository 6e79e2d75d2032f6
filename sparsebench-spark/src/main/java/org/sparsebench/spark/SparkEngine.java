package org.sparsebench.spark;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.sparsebench.api.ConfigException;
import org.sparsebench.run.Engine;
import org.sparsebench.run.EngineContext;
import org.sparsebench.run.WorkResult;
import org.sparsebench.run.WorkUnit;
import org.sparsebench.run.Workbench;

/**
 * Evaluates the work units on Apache Spark. The units are cut into partitions of one model each
 * (round-robin within a model, so cheap and expensive conditions mix); every partition is one task
 * that opens a {@link Workbench} from the units' inputs (plugins, suite file, data, stratified
 * sample) and loads its model once, then evaluates its units with {@code mapPartitions}. Each
 * partition is collected as its own job, so the driver checkpoints a partition's results as soon as
 * it finishes; a failed task is retried by Spark ({@code spark.task.maxFailures}, or
 * {@code local[N,F]} in local mode). The driver keeps being the orchestrator: see
 * {@link org.sparsebench.run.Runner}.
 *
 * <p>Master: {@code --master}, else {@code spark.master} (set by spark-submit), else
 * {@code local[*,4]} (all cores, four attempts per task).
 */
public final class SparkEngine implements Engine {
    public static final String NAME = "spark";
    /** Default master when neither {@code --master} nor spark-submit sets one. */
    static final String DEFAULT_MASTER = "local[*,4]";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void execute(List<WorkUnit> units, EngineContext ctx) throws IOException {
        SparkConf conf = new SparkConf().setAppName("sparsebench").setIfMissing("spark.master", DEFAULT_MASTER)
                .setIfMissing("spark.ui.enabled", "false");
        if (ctx.master() != null) {
            conf.setMaster(ctx.master());
        }
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            List<List<WorkUnit>> partitions = partition(units, 2 * sc.defaultParallelism());
            ctx.describe("master", sc.master());
            ctx.describe("partitions", partitions.size());
            long deadline = ctx.deadlineMillis();
            JavaRDD<WorkResult> results = sc.parallelize(partitions, partitions.size())
                    .mapPartitions(it -> evaluate(it, deadline));
            collect(results, partitions.size(), ctx);
        }
    }

    /**
     * Splits units (grouped by model, in canonical order) into at most {@code target} lists of one
     * model each, at least one per model; each list becomes one partition.
     */
    static List<List<WorkUnit>> partition(List<WorkUnit> units, int target) {
        Map<String, List<WorkUnit>> byModel = new LinkedHashMap<>();
        units.forEach(u -> byModel.computeIfAbsent(u.model(), m -> new ArrayList<>()).add(u));
        int perModel = Math.max(1, target / byModel.size());
        List<List<WorkUnit>> out = new ArrayList<>();
        for (List<WorkUnit> model : byModel.values()) {
            int k = Math.min(perModel, model.size());
            List<List<WorkUnit>> slices = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                slices.add(new ArrayList<>());
            }
            for (int i = 0; i < model.size(); i++) {
                slices.get(i % k).add(model.get(i));
            }
            out.addAll(slices);
        }
        return out;
    }

    /** One task: a workbench for the partition, the model loaded once, the units in order. */
    private static Iterator<WorkResult> evaluate(Iterator<List<WorkUnit>> partition, long deadline) {
        List<WorkResult> out = new ArrayList<>();
        while (partition.hasNext()) {
            List<WorkUnit> units = partition.next();
            if (units.isEmpty()) {
                continue;
            }
            try (Workbench workbench = Workbench.open(ExecutorFolders.apply(units.get(0).inputs()))) {
                for (WorkUnit u : units) {
                    if (System.currentTimeMillis() > deadline) {
                        break; // not reported: the runner lists it as pending
                    }
                    out.add(workbench.run(u, n -> { }));
                }
            }
        }
        return out.iterator();
    }

    /** Runs one job per partition, concurrently, and reports each partition's results as it finishes. */
    private static void collect(JavaRDD<WorkResult> results, int partitions, EngineContext ctx) throws IOException {
        ExecutorService jobs = Executors.newFixedThreadPool(partitions);
        CompletionService<List<WorkResult>> done = new ExecutorCompletionService<>(jobs);
        try {
            for (int p = 0; p < partitions; p++) {
                int[] ids = {p};
                done.submit(() -> results.collectPartitions(ids)[0]);
            }
            for (int i = 0; i < partitions; i++) {
                for (WorkResult r : done.take().get()) {
                    ctx.report(r);
                    ctx.progress(r.samples());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for Spark", e);
        } catch (ExecutionException e) {
            results.context().cancelAllJobs();
            throw rethrow(e.getCause());
        } finally {
            jobs.shutdownNow();
        }
    }

    /** A user's mistake seen on an executor (missing data folder, ...) stays one; anything else is a failed job. */
    private static RuntimeException rethrow(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConfigException c) {
                return new ConfigException(c.kind(), "on a Spark executor: " + c.getMessage(), failure);
            }
        }
        return new IllegalStateException("Spark job failed: " + failure.getMessage(), failure);
    }
}
