package org.sparsebench.suites.noise;

/**
 * One image as planar float values ({@code [C, H, W]}, row-major), the working form of the built-in
 * corruptions. Mutable; owned by one corruption call at a time.
 */
public final class FloatImage {
    private final int channels;
    private final int height;
    private final int width;
    private final float[] data;

    public FloatImage(int channels, int height, int width) {
        this(channels, height, width, new float[channels * height * width]);
    }

    /** Wraps {@code data} (length {@code C·H·W}, planar), without copying. */
    public FloatImage(int channels, int height, int width, float[] data) {
        if (data.length != channels * height * width) {
            throw new IllegalArgumentException("data length " + data.length + " is not " + channels + "x" + height
                    + "x" + width);
        }
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.data = data;
    }

    public int channels() {
        return channels;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    /** The backing array, planar {@code [C, H, W]}. */
    public float[] data() {
        return data;
    }

    public float get(int c, int y, int x) {
        return data[(c * height + y) * width + x];
    }

    public void set(int c, int y, int x, float v) {
        data[(c * height + y) * width + x] = v;
    }

    public FloatImage copy() {
        return new FloatImage(channels, height, width, data.clone());
    }

    /** Copies {@code other}'s values (same shape) into this image. */
    public void setAll(FloatImage other) {
        System.arraycopy(other.data, 0, data, 0, data.length);
    }

    /** The smaller side, the length corruptions measured in 28-pixel units scale with. */
    public int side() {
        return Math.min(height, width);
    }

    /**
     * Bilinear interpolation at the fractional position {@code (y, x)}; pixels outside the image count
     * as {@code fill}.
     */
    public float bilinear(int c, double y, double x, float fill) {
        int y0 = (int) Math.floor(y);
        int x0 = (int) Math.floor(x);
        double fy = y - y0;
        double fx = x - x0;
        double top = (1 - fx) * at(c, y0, x0, fill) + fx * at(c, y0, x0 + 1, fill);
        double bottom = (1 - fx) * at(c, y0 + 1, x0, fill) + fx * at(c, y0 + 1, x0 + 1, fill);
        return (float) ((1 - fy) * top + fy * bottom);
    }

    private float at(int c, int y, int x, float fill) {
        return y < 0 || y >= height || x < 0 || x >= width ? fill : get(c, y, x);
    }

    /** Clips every value to [0, 1]. */
    public void clip() {
        for (int i = 0; i < data.length; i++) {
            data[i] = Math.min(1f, Math.max(0f, data[i]));
        }
    }
}
