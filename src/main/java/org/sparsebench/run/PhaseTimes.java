package org.sparsebench.run;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.sparsebench.models.NativeMemoryGuard;
import org.sparsebench.sparse.SparseCodingNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparsebench.api.FirstConvLayer;
import org.sparsebench.api.Gradient;
import org.sparsebench.api.InputShape;
import org.sparsebench.api.Loss;
import org.sparsebench.api.ForwardingModel;
import org.sparsebench.api.Model;

/**
 * Where a run's time goes: inside model calls ({@link Model#logits}, {@link Model#gradient},
 * {@link Model#features}, timed by wrapping the model in {@link #timed}) versus the rest of the
 * evaluation of work units (data, corruption, attacks' own arithmetic, statistics, checkpoints), set-up
 * (suite file, data, loading and checking models) and reporting (summaries, reporters, results.json).
 * Written to {@code execution.phases} of results.json (the only part of the file allowed to vary) and
 * printed at the end of a run. Counts only work done in this JVM: with a distributed engine the
 * model time of the workers is not seen. Model calls may come from several threads at once (the
 * plan checks models side by side, {@link #counted}): model-call time is the wall time during which
 * at least one call is running, so overlapping calls are not counted twice and work done beside a
 * running call counts as inside it. One per {@link Workbench}.
 */
public final class PhaseTimes {
    private final NativeMemoryGuard guard;
    /** Guards the model-call counters and the (not thread-safe) memory guard. */
    private final Object lock = new Object();
    private long modelNanos;
    private long modelCalls;
    private int activeCalls;
    private long activeSince;
    private long unitNanos;

    PhaseTimes() {
        this(NativeMemoryGuard.fromSystem());
    }

    /** @param guard checked after every model call (outside the timed span) */
    PhaseTimes(NativeMemoryGuard guard) {
        this.guard = guard;
    }

    /** {@code model} with every logits/gradient/features call timed into this. */
    Model timed(Model model) {
        synchronized (lock) {
            guard.newModel();
        }
        return new Timed(model, this);
    }

    /**
     * {@code model} with its calls timed like {@link #timed}, without telling the memory guard that the
     * run switched models (no collection of the previous model's buffers): for models loaded side by
     * side that all stay loaded, as the plan's checks are.
     */
    Model counted(Model model) {
        return new Timed(model, this);
    }

    void addUnit(long nanos) {
        synchronized (lock) {
            unitNanos += nanos;
        }
    }

    long modelNanos() {
        synchronized (lock) {
            return modelNanos;
        }
    }

    long unitNanos() {
        synchronized (lock) {
            return unitNanos;
        }
    }

    long modelCalls() {
        synchronized (lock) {
            return modelCalls;
        }
    }

    /** The collections the {@link NativeMemoryGuard} ran to release off-heap buffers. */
    NativeMemoryGuard guard() {
        return guard;
    }

    /**
     * The {@code execution.phases} record: seconds per phase and the share of the run spent outside
     * model calls.
     */
    static Map<String, Object> record(long setupNanos, long evaluateNanos, long modelNanos, long calls,
            long reportNanos, long totalNanos) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("setupSeconds", seconds(setupNanos));
        m.put("evaluateSeconds", seconds(evaluateNanos));
        m.put("modelCallSeconds", seconds(modelNanos));
        m.put("modelCalls", calls);
        m.put("outsideModelInEvaluateSeconds", seconds(Math.max(0, evaluateNanos - modelNanos)));
        m.put("reportSeconds", seconds(reportNanos));
        m.put("totalSeconds", seconds(totalNanos));
        m.put("outsideModelShare", totalNanos == 0 ? 0.0
                : Math.round(1000.0 * (totalNanos - modelNanos) / totalNanos) / 1000.0);
        return m;
    }

    /**
     * Memory entries of {@code execution.phases}: the collections the guard ran to release off-heap
     * buffers ({@code gcCollections}, {@code gcSeconds}, part of the evaluation outside model calls)
     * and the process's peak resident set so far ({@code peakResidentMB}, Linux only).
     */
    Map<String, Object> memory() {
        Map<String, Object> m = new LinkedHashMap<>();
        synchronized (lock) {
            m.put("gcCollections", guard.collections());
            m.put("gcSeconds", seconds(guard.nanos()));
        }
        long peak = peakResidentBytes();
        if (peak > 0) {
            m.put("peakResidentMB", peak >> 20);
        }
        return m;
    }

    /** VmHWM of /proc/self/status, or 0 where there is none. */
    static long peakResidentBytes() {
        try {
            for (String l : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (l.startsWith("VmHWM:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux
        }
        return 0;
    }

    /** The one-line summary printed at the end of a run. */
    static String line(Map<String, Object> r) {
        String s = String.format(Locale.ROOT, "sparsebench: %.1f s in all: model calls %.1f s (%s calls), outside them "
                + "%.0f%% (set-up %.1f s, data/corruption/statistics %.1f s, report %.1f s)",
                (Double) r.get("totalSeconds"), (Double) r.get("modelCallSeconds"), r.get("modelCalls"),
                100 * (Double) r.get("outsideModelShare"), (Double) r.get("setupSeconds"),
                (Double) r.get("outsideModelInEvaluateSeconds"), (Double) r.get("reportSeconds"));
        if (r.get("peakResidentMB") instanceof Number peak) {
            s += String.format(Locale.ROOT, "; peak memory %.1f GB", peak.longValue() / 1024.0);
        }
        return s;
    }

    private static double seconds(long nanos) {
        return Math.round(nanos / 1e6) / 1000.0;
    }

    /** Forwards everything; times the compute methods (and sparse-coding traces, which are forward passes). */
    private static final class Timed extends ForwardingModel {
        private final PhaseTimes times;

        Timed(Model model, PhaseTimes times) {
            super(model);
            this.times = times;
        }

        @Override
        public INDArray logits(INDArray x) {
            return times.time(() -> model.logits(x));
        }

        @Override
        public Gradient gradient(INDArray x, Loss loss) {
            return times.time(() -> model.gradient(x, loss));
        }

        @Override
        public INDArray features(INDArray x) {
            return times.time(() -> model.features(x));
        }

        @Override
        public <T> java.util.Optional<T> as(Class<T> type) {
            if (type == SparseCodingNetwork.class) {
                return model.as(SparseCodingNetwork.class).map(n -> type.cast(new TimedTrace(n, times)));
            }
            return model.as(type);
        }
    }

    /** A {@link SparseCodingNetwork} whose traces count as model time. */
    private record TimedTrace(SparseCodingNetwork network, PhaseTimes times) implements SparseCodingNetwork {
        @Override
        public java.util.List<org.sparsebench.sparse.CodingLayer> codingLayers() {
            return network.codingLayers();
        }

        @Override
        public java.util.List<org.sparsebench.sparse.LayerTrace> trace(INDArray x) {
            return times.time(() -> network.trace(x));
        }

        @Override
        public java.util.Map<String, INDArray> outputs(INDArray x) {
            return times.time(() -> network.outputs(x));
        }
    }

    /** Runs one model call, counting its time and calls, then lets the memory guard check. */
    private <R> R time(java.util.function.Supplier<R> call) {
        synchronized (lock) {
            if (activeCalls++ == 0) {
                activeSince = System.nanoTime();
            }
        }
        try {
            return call.get();
        } finally {
            synchronized (lock) {
                modelCalls++;
                if (--activeCalls == 0) {
                    modelNanos += System.nanoTime() - activeSince;
                }
                guard.check();
            }
        }
    }
}
