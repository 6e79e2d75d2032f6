package org.sparsebench.suites.anomaly;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparsebench.api.FirstConvLayer;
import org.sparsebench.api.Model;
import org.sparsebench.api.OodScore;

/**
 * Sparse-coding energy: the first conv layer read as a dictionary {@code D} (see
 * {@link FirstConvLayer}) codes the image as the layer does — one thresholding step, or the layer's
 * unrolled ISTA iterations — and the score is minus the sparse-coding objective
 * {@code ½‖x − D a‖² + λ‖a‖₁} of that code: images the dictionary explains well and sparsely are
 * in-distribution. Models without a first conv layer are skipped ({@link ScoreNotApplicableException}).
 */
public final class SparseCodingEnergyScore implements OodScore {

    @Override
    public String name() {
        return "sparse-coding-energy";
    }

    @Override
    public String description() {
        return "minus the sparse-coding objective ½‖x − Da‖² + λ‖a‖₁ of the first conv layer's code";
    }

    @Override
    public double[] score(Model model, INDArray x) {
        FirstConvLayer layer = model.firstConv().orElseThrow(() -> new ScoreNotApplicableException(
                "model '" + model.id() + "' exposes no first conv layer (Model.firstConv() is empty)"));
        double[] e = new SparseCode(layer, model.inputShape()).energies(x);
        for (int i = 0; i < e.length; i++) {
            e[i] = -e[i];
        }
        return e;
    }

    @Override
    public String toString() {
        return "SparseCodingEnergyScore()";
    }
}
