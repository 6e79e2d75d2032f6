package org.sparsebench.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparsebench.api.InputShape;
import org.sparsebench.data.ImageDataset;

class TrainerTest {
    @TempDir
    Path dir;

    static final CnnSpec SMALL = new CnnSpec("small", new InputShape(1, 8, 8), List.of(4), 3, 8, 2);

    /** Class 0: bright top half, class 1: bright bottom half, uniform noise in [0, 96) elsewhere. */
    static ImageDataset halves(String id, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        byte[] px = new byte[n * 64];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(2);
            for (int p = 0; p < 64; p++) {
                boolean top = p < 32;
                int v = (top == (y[i] == 0)) ? 160 + r.nextInt(96) : r.nextInt(96);
                px[i * 64 + p] = (byte) v;
            }
        }
        return new ImageDataset(id, new InputShape(1, 8, 8), 2, px, y);
    }

    @Test
    void oneEpochOnSeparableDataReachesHighAccuracyAndIsReproducible() {
        // the classes are separable by mean brightness of the top half: a working trainer gets (nearly) all right
        ImageDataset train = halves("halves-train", 1024, 1);
        ImageDataset test = halves("halves-test", 256, 2);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Trainer t = new Trainer(32, 1e-2, new PrintStream(log, true));
        Trainer.Result a = t.train(SMALL, train, test, 1, 7);
        assertTrue(a.report().testAccuracy() >= 0.95, "accuracy " + a.report().testAccuracy());
        assertEquals(train.sha256(), a.report().trainDataSha256());
        assertTrue(log.toString().contains("epoch 1/1"), log.toString());
        // same seed => same weights => same logits
        Trainer.Result b = t.train(SMALL, train, test, 1, 7);
        assertEquals(a.model().logits(test.images(new int[] {0, 1, 2})), b.model().logits(test.images(new int[] {0, 1, 2})));
    }

    @Test
    void trainAndSaveWritesALoadableCheckpoint() {
        ImageDataset train = halves("halves-train", 256, 3);
        ModelManifest m = Trainer.trainAndSave(SMALL, train, train, 1, 3, dir);
        assertEquals(Checkpoints.sha256(dir.resolve("small/model.sd")), m.checkpointSha256());
        assertEquals(SMALL, m.spec());
        assertEquals(SMALL.parameterCount(), m.parameters());
        SameDiffModel loaded = Checkpoints.load(dir.resolve("small"));
        assertEquals(m.testAccuracy(), Trainer.accuracy(loaded, train), 1e-12);
    }
}
