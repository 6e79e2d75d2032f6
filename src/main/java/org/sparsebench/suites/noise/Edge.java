package org.sparsebench.suites.noise;

/** How filters read pixels beyond the border. */
enum Edge {
    /** Repeat the border pixel (scipy {@code nearest}, ImageMagick {@code edge}). */
    NEAREST,
    /** Mirror without repeating the border pixel (OpenCV {@code BORDER_REFLECT_101}). */
    REFLECT_101;

    /** The in-range index that stands for {@code i} in a row of {@code n} pixels. */
    int index(int i, int n) {
        if (i >= 0 && i < n) {
            return i;
        }
        if (this == NEAREST || n == 1) {
            return i < 0 ? 0 : n - 1;
        }
        int period = 2 * (n - 1);
        int m = Math.floorMod(i, period);
        return m < n ? m : period - m;
    }
}
