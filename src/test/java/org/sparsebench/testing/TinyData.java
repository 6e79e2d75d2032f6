package org.sparsebench.testing;

import java.util.SplittableRandom;
import org.sparsebench.api.InputShape;
import org.sparsebench.data.ImageDataset;

/** Small seeded random image sets for tests. */
public final class TinyData {
    private TinyData() {
    }

    public static ImageDataset random(String id, InputShape shape, int n, int classes, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        byte[] px = new byte[n * shape.size()];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) r.nextInt(256);
        }
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % classes;
        }
        return new ImageDataset(id, shape, classes, px, y);
    }
}
