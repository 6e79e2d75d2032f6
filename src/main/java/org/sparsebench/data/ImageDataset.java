package org.sparsebench.data;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparsebench.api.ConfigException;
import org.sparsebench.api.Dataset;
import org.sparsebench.api.InputShape;

/** An in-memory dataset of 8-bit images (stored as bytes, served as floats x/255). */
public final class ImageDataset implements Dataset {
    /** {@code b / 255f} for each byte value: a table lookup instead of a division per pixel. */
    private static final float[] SCALED = new float[256];

    static {
        for (int b = 0; b < 256; b++) {
            SCALED[b] = b / 255f;
        }
    }

    private final String id;
    private final InputShape shape;
    private final int numClasses;
    private final byte[] pixels;
    private final int[] labels;
    private final String sha256;

    /**
     * Takes ownership of the arrays (they are not copied, to spare a second copy of large sets): the
     * caller must not modify them afterwards.
     *
     * @param pixels row-major {@code [n, C, H, W]} unsigned bytes
     * @param labels one label per image, each in {@code [0, numClasses)}
     */
    public ImageDataset(String id, InputShape shape, int numClasses, byte[] pixels, int[] labels) {
        if (pixels.length != (long) labels.length * shape.size()) {
            throw ConfigException.data(id + ": " + labels.length + " labels but " + pixels.length / shape.size()
                    + " images of " + shape);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw ConfigException.data(id + ": label " + labels[i] + " of sample " + i + " is outside 0.." + (numClasses - 1));
            }
        }
        this.id = id;
        this.shape = shape;
        this.numClasses = numClasses;
        this.pixels = pixels;
        this.labels = labels;
        this.sha256 = digest(pixels, labels);
    }

    /** Loads an IDX image file ({@code n×H×W}, one channel) with its IDX label file. */
    public static ImageDataset fromIdx(String id, java.nio.file.Path images, java.nio.file.Path labelFile, int numClasses) {
        IdxReader.Idx img = IdxReader.read(images, 3);
        IdxReader.Idx lab = IdxReader.read(labelFile, 1);
        if (img.count() != lab.count()) {
            throw ConfigException.data(labelFile + ": has " + lab.count() + " labels but " + images + " has " + img.count()
                    + " images");
        }
        int[] y = new int[lab.count()];
        for (int i = 0; i < y.length; i++) {
            y[i] = lab.data()[i] & 0xff;
            if (y[i] >= numClasses) {
                throw ConfigException.data(labelFile + ": label " + y[i] + " of sample " + i + " is outside 0.."
                        + (numClasses - 1));
            }
        }
        return new ImageDataset(id, new InputShape(1, img.dims()[1], img.dims()[2]), numClasses, img.data(), y);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public InputShape shape() {
        return shape;
    }

    @Override
    public int numClasses() {
        return numClasses;
    }

    @Override
    public int label(int i) {
        return labels[i];
    }

    @Override
    public INDArray images(int[] indices) {
        int d = shape.size();
        float[] out = new float[indices.length * d];
        for (int i = 0; i < indices.length; i++) {
            Objects.checkIndex(indices[i], labels.length);
            int base = indices[i] * d;
            for (int j = 0; j < d; j++) {
                out[i * d + j] = SCALED[pixels[base + j] & 0xff];
            }
        }
        return Floats.array(out, shape.batchShape(indices.length));
    }

    /** The raw bytes of image {@code i}. */
    public byte[] rawImage(int i) {
        Objects.checkIndex(i, labels.length);
        byte[] out = new byte[shape.size()];
        System.arraycopy(pixels, i * shape.size(), out, 0, out.length);
        return out;
    }

    @Override
    public String sha256() {
        return sha256;
    }

    private static String digest(byte[] pixels, int[] labels) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(pixels);
            for (int y : labels) {
                md.update((byte) y);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
