package org.sparsebench.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;

/** Checks that an Allure attachment entry points at a file of its declared type. */
public final class AllureAttachments {
    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private AllureAttachments() {
    }

    /** The file exists in {@code allureDir}; SVG starts with {@code <svg}, PNG has the PNG signature and decodes. */
    public static void check(Path allureDir, JsonNode attachment) throws IOException {
        Path file = allureDir.resolve(attachment.get("source").asText());
        assertTrue(Files.isRegularFile(file), "attachment on disk: " + file);
        byte[] bytes = Files.readAllBytes(file);
        switch (attachment.get("type").asText()) {
            case "image/svg+xml" -> assertTrue(new String(bytes, StandardCharsets.UTF_8).startsWith("<svg"),
                    file.toString());
            case "image/png" -> {
                assertTrue(file.toString().endsWith(".png"), file.toString());
                assertArrayEquals(PNG_MAGIC, Arrays.copyOf(bytes, 8), "PNG signature of " + file);
                BufferedImage img = ImageIO.read(file.toFile());
                assertNotNull(img, "decodes: " + file);
                assertEquals(28, img.getWidth(), "Fashion-MNIST is 28 x 28: " + file);
                assertEquals(28, img.getHeight(), file.toString());
            }
            default -> fail("unexpected attachment type " + attachment);
        }
    }
}
