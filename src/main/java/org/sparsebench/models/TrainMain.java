package org.sparsebench.models;

import java.nio.file.Path;
import org.sparsebench.api.ConfigException;
import org.sparsebench.data.ImageDataset;

/**
 * Trains a zoo model on Fashion-MNIST IDX files and saves its checkpoint:
 * {@code --id relu-cnn --epochs N --seed S --train-dir DIR --out models/}. {@code DIR} holds
 * {@code train-images-idx3-ubyte.gz}, {@code train-labels-idx1-ubyte.gz} and the {@code t10k-*}
 * test files. Stand-in until the CLI's {@code train} command calls {@link Trainer#trainAndSave}.
 */
public final class TrainMain {
    private TrainMain() {
    }

    public static void main(String[] args) {
        String id = "relu-cnn";
        int epochs = 5;
        long seed = 42;
        Path dir = Path.of("/usr/share/datasets/fashion-mnist");
        Path out = Path.of("models");
        try {
            for (int i = 0; i < args.length; i++) {
                String v = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--id" -> id = need(args[i], v);
                    case "--epochs" -> epochs = Integer.parseInt(need(args[i], v));
                    case "--seed" -> seed = Long.parseLong(need(args[i], v));
                    case "--train-dir" -> dir = Path.of(need(args[i], v));
                    case "--out" -> out = Path.of(need(args[i], v));
                    default -> throw new ConfigException("unknown option " + args[i]);
                }
                i++;
            }
            CnnSpec spec = Zoo.spec(id);
            ImageDataset train = ImageDataset.fromIdx("fashion-mnist-train", dir.resolve("train-images-idx3-ubyte.gz"),
                    dir.resolve("train-labels-idx1-ubyte.gz"), 10);
            ImageDataset test = ImageDataset.fromIdx("fashion-mnist-test", dir.resolve("t10k-images-idx3-ubyte.gz"),
                    dir.resolve("t10k-labels-idx1-ubyte.gz"), 10);
            Trainer.trainAndSave(spec, train, test, epochs, seed, out);
        } catch (ConfigException | NumberFormatException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
        }
    }

    private static String need(String opt, String v) {
        if (v == null) {
            throw new ConfigException(opt + " needs a value");
        }
        return v;
    }
}
