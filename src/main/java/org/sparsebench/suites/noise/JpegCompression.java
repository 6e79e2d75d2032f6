package org.sparsebench.suites.noise;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.SplittableRandom;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * JPEG round trip through {@code javax.imageio} at quality 25, 18, 15, 10, 7 (MNIST-C; the IJG quality
 * scale that PIL uses too). Three channels are encoded as one RGB image (YCbCr without chroma
 * subsampling, 4:4:4, so the quality alone sets the loss; PIL's default subsamples chroma 4:2:0),
 * any other channel count channel by channel as greyscale. Values are rounded to 8 bits first.
 * Deterministic.
 */
public final class JpegCompression extends ImageCorruption {

    public JpegCompression() {
        super("jpeg-compression", "digital", false, "JPEG round trip (javax.imageio), quality 25..7 (MNIST-C)",
                25, 18, 15, 10, 7);
    }

    @Override
    protected void corrupt(FloatImage img, int severity, SplittableRandom random) {
        roundTrip(img, (int) parameter(severity));
    }

    /** Encodes and decodes {@code img} in place at JPEG quality {@code quality} (1..100). */
    static void roundTrip(FloatImage img, int quality) {
        int h = img.height();
        int w = img.width();
        if (img.channels() == 3) {
            BufferedImage rgb = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    rgb.setRGB(x, y, (toByte(img.get(0, y, x)) << 16) | (toByte(img.get(1, y, x)) << 8)
                            | toByte(img.get(2, y, x)));
                }
            }
            BufferedImage back = decode(encode(rgb, quality));
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int p = back.getRGB(x, y);
                    img.set(0, y, x, ((p >> 16) & 0xff) / 255f);
                    img.set(1, y, x, ((p >> 8) & 0xff) / 255f);
                    img.set(2, y, x, (p & 0xff) / 255f);
                }
            }
            return;
        }
        for (int c = 0; c < img.channels(); c++) {
            BufferedImage grey = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    grey.getRaster().setSample(x, y, 0, toByte(img.get(c, y, x)));
                }
            }
            BufferedImage back = decode(encode(grey, quality));
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    img.set(c, y, x, back.getRaster().getSample(x, y, 0) / 255f);
                }
            }
        }
    }

    private static int toByte(float v) {
        return Math.max(0, Math.min(255, Math.round(v * 255)));
    }

    private static byte[] encode(BufferedImage image, int quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality / 100f);
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, fullChroma(writer, image, param)), param);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
    }

    /** Metadata asking for 4:4:4 sampling (every component at full resolution). */
    private static IIOMetadata fullChroma(ImageWriter writer, BufferedImage image, ImageWriteParam param)
            throws IOException {
        IIOMetadata meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image), param);
        String format = "javax_imageio_jpeg_image_1.0";
        Node root = meta.getAsTree(format);
        NodeList specs = ((Element) root).getElementsByTagName("componentSpec");
        for (int i = 0; i < specs.getLength(); i++) {
            Element spec = (Element) specs.item(i);
            spec.setAttribute("HsamplingFactor", "1");
            spec.setAttribute("VsamplingFactor", "1");
        }
        meta.setFromTree(format, root);
        return meta;
    }

    private static BufferedImage decode(byte[] jpeg) {
        // An explicit in-memory stream: ImageIO.read(InputStream) may cache through temporary files.
        ImageReader reader = ImageIO.getImageReadersByFormatName("jpeg").next();
        try (MemoryCacheImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(jpeg))) {
            reader.setInput(in);
            return reader.read(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            reader.dispose();
        }
    }
}
