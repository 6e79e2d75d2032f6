package org.sparsebench.suites.anomaly;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparsebench.api.SuiteContext;

/**
 * An out-of-distribution set of the anomaly suite: a dataset, generated images, or transformed
 * in-distribution images. It contributes as many samples as the run evaluates (fewer only when a
 * dataset is smaller), each determined by the run seed and its own index, never by batching.
 */
public interface OodSet {

    /** Near-OOD (covariate shift of the in-distribution images) or far-OOD (other content), as OpenOOD groups. */
    enum Group {
        NEAR, FAR;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Identifier used in condition ids and reports, e.g. {@code mnist-test}, {@code corrupted-gaussian-noise-5}. */
    String id();

    Group group();

    /** One line for reports. */
    String description();

    /** The samples to score for a run: {@code n} is normally the number of in-distribution samples. */
    Drawn draw(SuiteContext ctx, int n);

    /**
     * Drawn samples: per sample its index (into the source dataset, or its generation index) and label
     * (−1 for generated images without a class), and the images by position.
     */
    record Drawn(int[] index, int[] label, Images images) {
        public int size() {
            return index.length;
        }
    }

    /** Images {@code [to − from, C, H, W]} of positions {@code from..to−1}. */
    @FunctionalInterface
    interface Images {
        INDArray get(int from, int to);
    }
}
