package org.sparsebench.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.sparsebench.api.ConfigException;
import org.sparsebench.api.Gradient;
import org.sparsebench.api.InputShape;
import org.sparsebench.api.Loss;
import org.sparsebench.api.Model;

class Dl4jModelTest {
    @TempDir
    Path dir;

    // 1x2x2 input (4 values) -> dense 3 ReLU -> output 2 softmax, weights set by hand
    static final double[][] W1 = {{1, 0, -1}, {0, 2, 0}, {0.5, 0, 1}, {-1, 1, 0.5}};
    static final double[] B1 = {0.1, -0.2, 0.3};
    static final double[][] W2 = {{1, -1}, {0.5, 2}, {-2, 0.25}};
    static final double[] B2 = {0.05, -0.05};

    private void writeModel(String id, boolean softmax) throws Exception {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE).list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(3).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(softmax ? LossFunctions.LossFunction.MCXENT : LossFunctions.LossFunction.MSE).nIn(3).nOut(2)
                        .activation(softmax ? Activation.SOFTMAX : Activation.IDENTITY).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        net.getLayer(0).setParam("W", Nd4j.create(W1));
        net.getLayer(0).setParam("b", Nd4j.create(B1).reshape(1, 3));
        net.getLayer(1).setParam("W", Nd4j.create(W2));
        net.getLayer(1).setParam("b", Nd4j.create(B2).reshape(1, 2));
        Files.createDirectories(dir.resolve(id));
        ModelSerializer.writeModel(net, dir.resolve(id).resolve("net.zip").toFile(), false);
        writeManifest(id, "net.zip", softmax);
    }

    private void writeManifest(String id, String file, boolean softmax) throws Exception {
        Files.createDirectories(dir.resolve(id));
        ModelManifest m = new ModelManifest(id, ModelManifest.DL4J, "hand-made net", file, null, new InputShape(1, 2, 2), 2,
                softmax, null, null, null, null, null, null, null, null, null);
        Files.writeString(dir.resolve(id).resolve("manifest.json"), Checkpoints.toJson(m));
    }

    /** Expected logits by hand: z = relu(x W1 + b1) W2 + b2 (pre-softmax). */
    private static double[] handLogits(double[] x) {
        double[] h = new double[3];
        for (int j = 0; j < 3; j++) {
            double s = B1[j];
            for (int i = 0; i < 4; i++) {
                s += x[i] * W1[i][j];
            }
            h[j] = Math.max(0, s);
        }
        double[] z = new double[2];
        for (int k = 0; k < 2; k++) {
            z[k] = B2[k];
            for (int j = 0; j < 3; j++) {
                z[k] += h[j] * W2[j][k];
            }
        }
        return z;
    }

    @Test
    void softmaxNetLogitsMatchHandComputation() throws Exception {
        writeModel("hand", true);
        double[][] xs = {{0.2, 0.9, 0.4, 0.1}, {0.8, 0.3, 0.6, 0.7}};
        INDArray x = Nd4j.create(xs).reshape(2, 1, 2, 2).castTo(DataType.FLOAT);
        try (Model m = new CheckpointModelProvider().load("hand", dir)) {
            INDArray z = m.logits(x);
            for (int n = 0; n < 2; n++) {
                double[] e = handLogits(xs[n]);
                assertEquals(e[0], z.getDouble(n, 0), 1e-6);
                assertEquals(e[1], z.getDouble(n, 1), 1e-6);
            }
            // cross-entropy closed form and its input gradient by central differences (float64 net,
            // h = 1e-6; ReLU units are 0.2 or more from their kink for these inputs)
            int[] y = {1, 0};
            Gradient g = m.gradient(x, Loss.crossEntropy(y));
            for (int n = 0; n < 2; n++) {
                double[] e = handLogits(xs[n]);
                double lse = Math.log(Math.exp(e[0]) + Math.exp(e[1]));
                assertEquals(lse - e[y[n]], g.loss().getDouble(n), 1e-6);
            }
            INDArray xd = x.castTo(DataType.DOUBLE);
            INDArray flat = xd.reshape(8);
            INDArray gf = g.inputGradient().reshape(8);
            for (int i = 0; i < 8; i++) {
                double o = flat.getDouble(i);
                flat.putScalar(i, o + 1e-6);
                double plus = m.gradient(xd, Loss.crossEntropy(y)).loss().sumNumber().doubleValue();
                flat.putScalar(i, o - 1e-6);
                double minus = m.gradient(xd, Loss.crossEntropy(y)).loss().sumNumber().doubleValue();
                flat.putScalar(i, o);
                assertEquals((plus - minus) / 2e-6, gf.getDouble(i), 1e-5, "coordinate " + i);
            }
            assertEquals(3, m.features(x).size(1));
        }
    }

    @Test
    void identityOutputNetLogitsAreTheOutput() throws Exception {
        writeModel("lin", false);
        double[] xs = {0.5, 0.5, 0.5, 0.5};
        try (Model m = new CheckpointModelProvider().load("lin", dir)) {
            INDArray z = m.logits(Nd4j.create(xs).reshape(1, 1, 2, 2).castTo(DataType.FLOAT));
            assertEquals(handLogits(xs)[0], z.getDouble(0, 0), 1e-6);
            assertEquals(handLogits(xs)[1], z.getDouble(0, 1), 1e-6);
        }
    }

    @Test
    void zipWithPathTraversalEntryIsRefused() throws Exception {
        Files.createDirectories(dir.resolve("evil"));
        Path zip = dir.resolve("evil/net.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            for (String name : new String[] {"configuration.json", "coefficients.bin", "../evil"}) {
                out.putNextEntry(new ZipEntry(name));
                out.write("{}".getBytes());
                out.closeEntry();
            }
        }
        writeManifest("evil", "net.zip", true);
        ConfigException e = assertThrows(ConfigException.class, () -> new CheckpointModelProvider().load("evil", dir));
        assertTrue(e.getMessage().contains("../evil") && e.getMessage().contains(zip.toString()), e.getMessage());
    }

    @Test
    void nonZipAndMissingFilesAreRefusedWithOneLine() throws Exception {
        Files.createDirectories(dir.resolve("text"));
        try (OutputStream o = Files.newOutputStream(dir.resolve("text/net.zip"))) {
            o.write("this is not a zip".getBytes());
        }
        writeManifest("text", "net.zip", true);
        ConfigException e = assertThrows(ConfigException.class, () -> new CheckpointModelProvider().load("text", dir));
        assertTrue(e.getMessage().startsWith(dir.resolve("text/net.zip") + ": not a zip file"), e.getMessage());

        writeManifest("gone", "missing.zip", true);
        e = assertThrows(ConfigException.class, () -> new CheckpointModelProvider().load("gone", dir));
        assertEquals(dir.resolve("gone/missing.zip") + ": file not found", e.getMessage());
    }
}
