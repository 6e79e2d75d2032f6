package org.sparsebench.models;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.sparsebench.api.InputShape;

/**
 * The {@code manifest.json} beside a checkpoint. {@code format} selects the loader: {@code samediff}
 * ({@code spec} describes the graph, {@code file} defaults to {@value Checkpoints#SAMEDIFF_FILE})
 * or {@code dl4j} (a MultiLayerNetwork/ComputationGraph zip named by {@code file}, with
 * {@code inputShape}, {@code classes} and {@code softmaxOutput}: whether the network's last layer
 * applies softmax, which the adapter then strips to report logits). Fields a format does not use
 * are null and left out of the JSON.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"id", "format", "description", "file", "spec", "inputShape", "classes", "softmaxOutput", "seed",
        "epochs", "trainData", "testAccuracy", "trainingSeconds", "parameters", "checkpointSha256", "createdAt",
        "sparsebenchVersion"})
public record ModelManifest(String id, String format, String description, String file, CnnSpec spec,
        InputShape inputShape, Integer classes, Boolean softmaxOutput, Long seed, Integer epochs, TrainData trainData,
        Double testAccuracy, Double trainingSeconds, Long parameters, String checkpointSha256, String createdAt,
        String sparsebenchVersion) {

    public static final String SAMEDIFF = "samediff";
    public static final String DL4J = "dl4j";

    /** Identity of the data a model was trained on. */
    public record TrainData(String id, String sha256) {
    }

    /** The same manifest with the checkpoint digest set. */
    public ModelManifest withCheckpointSha256(String sha) {
        return new ModelManifest(id, format, description, file, spec, inputShape, classes, softmaxOutput, seed, epochs,
                trainData, testAccuracy, trainingSeconds, parameters, sha, createdAt, sparsebenchVersion);
    }

    /** Input shape from {@code spec} for SameDiff models, else the explicit field. */
    @JsonIgnore
    public InputShape resolvedInputShape() {
        return spec != null ? spec.input() : inputShape;
    }

    /** Number of classes from {@code spec} for SameDiff models, else the explicit field. */
    @JsonIgnore
    public Integer resolvedClasses() {
        return spec != null ? Integer.valueOf(spec.classes()) : classes;
    }
}
