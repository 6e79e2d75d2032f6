package org.sparsebench.suites.noise;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparsebench.api.Corruption;
import org.sparsebench.data.Floats;

/**
 * Base of the built-in corruptions. The final {@link #apply} does the bookkeeping: checks the
 * severity and seeds, copies each sample into a {@link FloatImage}, hands it to {@link #corrupt}
 * with a {@link SplittableRandom} seeded by that sample's seed alone, and clips the result to
 * [0, 1]. A corruption implements {@link #corrupt} for one image of any channel count and size.
 */
public abstract class ImageCorruption implements Corruption {
    private final String name;
    private final String group;
    private final boolean random;
    private final String description;
    private final double[] parameters;

    /**
     * @param name        id used in suite files
     * @param group       report group: {@code noise}, {@code blur}, {@code digital}, {@code geometric}, {@code lines}
     * @param random      false when the result does not depend on the seed
     * @param description one line for {@code sparsebench list}
     * @param parameters  the main parameter at severities 1..5
     */
    protected ImageCorruption(String name, String group, boolean random, String description, double... parameters) {
        if (parameters.length != Severities.MAX) {
            throw new IllegalArgumentException(name + ": expected " + Severities.MAX + " severity parameters");
        }
        this.name = name;
        this.group = group;
        this.random = random;
        this.description = description;
        this.parameters = parameters.clone();
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public final double[] severityParameters() {
        return parameters.clone();
    }

    /** Which chart of the report this corruption is drawn in. */
    public final String group() {
        return group;
    }

    /** True when the result depends on the seed; false for deterministic corruptions (blur, contrast…). */
    public final boolean isRandom() {
        return random;
    }

    /** The main parameter at {@code severity} (1..5). */
    protected final double parameter(int severity) {
        return parameters[severity - 1];
    }

    @Override
    public final INDArray apply(INDArray x, int severity, long[] seeds) {
        Severities.check(severity);
        if (x.rank() != 4) {
            throw new IllegalArgumentException(name + ": expected [N, C, H, W], got rank " + x.rank());
        }
        int n = (int) x.size(0);
        if (seeds.length != n) {
            throw new IllegalArgumentException(name + ": " + seeds.length + " seeds for " + n + " images");
        }
        int c = (int) x.size(1);
        int h = (int) x.size(2);
        int w = (int) x.size(3);
        float[] v = Floats.of(x);
        int per = c * h * w;
        // Each image has its own seed and its own slot of v, so running them in parallel (the common
        // fork-join pool, sized by --threads) gives the same bytes as one thread.
        java.util.stream.IntStream.range(0, n).parallel().forEach(i -> {
            FloatImage img = new FloatImage(c, h, w);
            System.arraycopy(v, i * per, img.data(), 0, per);
            corrupt(img, severity, new SplittableRandom(seeds[i]));
            img.clip();
            System.arraycopy(img.data(), 0, v, i * per, per);
        });
        return Floats.array(v, x.shape());
    }

    /**
     * Corrupts one image in place at {@code severity} (1..5, already checked). Values may leave
     * [0, 1]; the caller clips. All randomness must come from {@code random}. Called concurrently for
     * different images: an implementation keeps no mutable state outside the image.
     */
    protected abstract void corrupt(FloatImage image, int severity, SplittableRandom random);

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(name=" + name + ")";
    }
}
