package org.sparsebench.sparse;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One hidden layer of a network read as a sparse-coding step: the code is a thresholding of
 * {@code Dᵀx + bias} (one step, {@code istaIterations = 0}) or the result of further ISTA steps.
 *
 * @param name            layer name, e.g. {@code conv0}, {@code dense0}
 * @param conv            true for a SAME stride-1 convolution, false for a dense layer
 * @param filters         the dictionary atoms: OIHW {@code [out, in, k, k]} for conv, {@code [out, in]} for dense
 * @param bias            the effective bias {@code [out]} ({@code −λ} for threshold layers); a positive entry
 *                        violates the sparse prior
 * @param istaIterations  unrolled ISTA steps after the first thresholding (0 for a plain layer)
 * @param istaStep        ISTA step η, NaN when {@code istaIterations} is 0
 * @param twoSided        soft thresholding (Laplacian prior) instead of non-negative thresholding
 * @param dataDependent   the threshold depends on the input (k-WTA): {@code bias} is not the whole story
 */
public record CodingLayer(String name, boolean conv, INDArray filters, INDArray bias, int istaIterations,
        double istaStep, boolean twoSided, boolean dataDependent) {
}
