package org.sparsebench.report;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.Map;
import javax.imageio.ImageIO;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An example image of a condition (a corruption at a severity, a clean/adversarial/difference
 * image) as PNG with its caption: the HTML report inlines it as a data: URI, the Allure results
 * attach it as an {@code image/png} file.
 */
record ExampleImage(String caption, byte[] png) {

    /** The first image of the batch {@code x} ({@code [N, C, H, W]}, grey or RGB, values in [0, 1]). */
    static ExampleImage of(String caption, INDArray x) {
        int c = (int) x.size(1);
        int h = (int) x.size(2);
        int w = (int) x.size(3);
        float[] v = x.dup('c').data().asFloat();
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                int r = byteOf(v[(0 * h + i) * w + j]);
                int g = c >= 3 ? byteOf(v[(1 * h + i) * w + j]) : r;
                int b = c >= 3 ? byteOf(v[(2 * h + i) * w + j]) : r;
                img.setRGB(j, i, (r << 16) | (g << 8) | b);
            }
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(img, "png", out);
            return new ExampleImage(caption, out.toByteArray());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The image as a data: URI. */
    String dataUri() {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(png);
    }

    /** The template view of an {@code <img>}: {@code src} (data: URI) and {@code alt}. */
    Map<String, String> view() {
        return Map.of("src", dataUri(), "alt", caption);
    }

    private static int byteOf(float f) {
        return Math.max(0, Math.min(255, Math.round(f * 255)));
    }
}
