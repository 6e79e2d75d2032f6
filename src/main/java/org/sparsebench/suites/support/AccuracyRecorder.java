package org.sparsebench.suites.support;

import org.sparsebench.api.Columns;
import org.sparsebench.api.Metric;
import org.sparsebench.stats.ProportionInterval;

/** Collects per-sample predictions of a classification condition, batch by batch. */
public final class AccuracyRecorder {
    public static final double LEVEL = 0.95;

    private final int[] index;
    private final int[] label;
    private final int[] prediction;
    private final int[] correct;
    private int filled;

    public AccuracyRecorder(int n) {
        index = new int[n];
        label = new int[n];
        prediction = new int[n];
        correct = new int[n];
    }

    /** Records one batch; {@code robust[i]} false forces sample i to count as wrong. */
    public void add(int[] indices, int[] labels, int[] predictions, boolean[] robust) {
        for (int i = 0; i < indices.length; i++) {
            index[filled] = indices[i];
            label[filled] = labels[i];
            prediction[filled] = predictions[i];
            correct[filled] = predictions[i] == labels[i] && (robust == null || robust[i]) ? 1 : 0;
            filled++;
        }
    }

    public int correctCount() {
        int c = 0;
        for (int i = 0; i < filled; i++) {
            c += correct[i];
        }
        return c;
    }

    public Metric accuracy() {
        return ProportionInterval.wilson(correctCount(), filled, LEVEL);
    }

    public Columns columns() {
        return new Columns().ints("index", index).ints("label", label).ints("prediction", prediction)
                .ints("correct", correct);
    }
}
