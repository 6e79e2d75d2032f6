package org.sparsebench.api;

/** Shape of one image: channels, height, width. */
public record InputShape(int channels, int height, int width) {
    public InputShape {
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("shape must be positive: " + channels + "x" + height + "x" + width);
        }
    }

    /** Number of values in one image. */
    public int size() {
        return channels * height * width;
    }

    /** Batch shape {@code [n, C, H, W]}. */
    public long[] batchShape(int n) {
        return new long[] {n, channels, height, width};
    }

    @Override
    public String toString() {
        return channels + "x" + height + "x" + width;
    }
}
