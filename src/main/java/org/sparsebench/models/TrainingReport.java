package org.sparsebench.models;

/**
 * Outcome of {@link Trainer#train}: epochs and seed used, clean accuracy on the test set, wall-clock
 * training time (excluding the test evaluation) and the SHA-256 of the training data.
 */
public record TrainingReport(String modelId, int epochs, long seed, double testAccuracy, double seconds,
        String trainDataId, String trainDataSha256, double finalTrainLoss) {
}
