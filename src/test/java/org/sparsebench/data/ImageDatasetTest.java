package org.sparsebench.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparsebench.api.ConfigException;
import org.sparsebench.api.InputShape;

/** Expected pixel values are byte/255 of hand-built bytes, laid out NCHW row-major. */
class ImageDatasetTest {
    @TempDir
    Path dir;

    @Test
    void imagesAreBytesOver255InNchwOrder() {
        InputShape shape = new InputShape(2, 2, 3); // 12 values per image
        byte[] pixels = new byte[3 * 12];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 7); // covers values above 127, i.e. the unsigned reading
        }
        ImageDataset ds = new ImageDataset("t", shape, 4, pixels, new int[] {3, 0, 2});
        INDArray x = ds.images(new int[] {2, 0});
        assertEquals(DataType.FLOAT, x.dataType());
        assertArrayEquals(new long[] {2, 2, 2, 3}, x.shape());
        int[] picked = {2, 0};
        for (int n = 0; n < 2; n++) {
            for (int c = 0; c < 2; c++) {
                for (int h = 0; h < 2; h++) {
                    for (int w = 0; w < 3; w++) {
                        int b = pixels[picked[n] * 12 + c * 6 + h * 3 + w] & 0xff;
                        assertEquals(b / 255f, x.getFloat(n, c, h, w), 0f);
                    }
                }
            }
        }
        assertArrayEquals(new int[] {2, 3}, ds.labels(new int[] {2, 0}));
    }

    @Test
    void fromIdxReadsImagesAndLabels() {
        Path img = dir.resolve("i.gz");
        Path lab = dir.resolve("l.gz");
        IdxWriter.writeImages(img, 2, 2, 2, new byte[] {0, (byte) 255, 1, 2, 3, 4, 5, (byte) 128}, true);
        IdxWriter.writeLabels(lab, new byte[] {1, 0}, true);
        ImageDataset ds = ImageDataset.fromIdx("x", img, lab, 2);
        assertEquals(new InputShape(1, 2, 2), ds.shape());
        assertEquals(2, ds.size());
        assertEquals(1, ds.label(0));
        assertEquals(1f, ds.images(new int[] {0}).getFloat(0, 0, 0, 1), 0f);
        assertEquals(128 / 255f, ds.images(new int[] {1}).getFloat(0, 0, 1, 1), 0f);
        assertArrayEquals(new byte[] {3, 4, 5, (byte) 128}, ds.rawImage(1));
    }

    @Test
    void rejectsLabelsOutsideTheClassesAndCountMismatch() {
        Path img = dir.resolve("i");
        Path lab = dir.resolve("l");
        IdxWriter.writeImages(img, 2, 1, 1, new byte[] {0, 0}, false);
        IdxWriter.writeLabels(lab, new byte[] {0, 5}, false);
        assertThrows(ConfigException.class, () -> ImageDataset.fromIdx("x", img, lab, 5));
        IdxWriter.writeLabels(lab, new byte[] {0}, false);
        assertThrows(ConfigException.class, () -> ImageDataset.fromIdx("x", img, lab, 5));
    }

    @Test
    void sha256FollowsContent() {
        InputShape s = new InputShape(1, 1, 2);
        String a = new ImageDataset("a", s, 2, new byte[] {1, 2}, new int[] {0}).sha256();
        assertEquals(a, new ImageDataset("b", s, 2, new byte[] {1, 2}, new int[] {0}).sha256());
        assertNotEquals(a, new ImageDataset("a", s, 2, new byte[] {1, 3}, new int[] {0}).sha256());
        assertNotEquals(a, new ImageDataset("a", s, 2, new byte[] {1, 2}, new int[] {1}).sha256());
    }
}
