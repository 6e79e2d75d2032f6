package org.sparsebench.data;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.GZIPOutputStream;
import org.sparsebench.api.ConfigException;

/**
 * Writes unsigned-byte IDX files of rank 1 (labels) or 3 (single-channel images), raw or gzip. The
 * file appears atomically: the bytes go to a temporary file in the target's directory, which is
 * synced and then renamed over the target, so a reader never sees a half-written file.
 */
public final class IdxWriter {
    private IdxWriter() {
    }

    /** Writes {@code labels} as a rank-1 IDX file. */
    public static void writeLabels(Path file, byte[] labels, boolean gzip) {
        write(file, new int[] {labels.length}, labels, gzip);
    }

    /** Writes {@code n} images of {@code height×width} bytes, row-major, as a rank-3 IDX file. */
    public static void writeImages(Path file, int n, int height, int width, byte[] pixels, boolean gzip) {
        write(file, new int[] {n, height, width}, pixels, gzip);
    }

    /**
     * Writes an IDX file.
     *
     * @param dims one or three positive sizes whose product is {@code data.length}
     * @throws IllegalArgumentException when dims and data disagree
     * @throws ConfigException when the file cannot be written (the message names it)
     */
    public static void write(Path file, int[] dims, byte[] data, boolean gzip) {
        if (dims.length != 1 && dims.length != 3) {
            throw new IllegalArgumentException("IDX rank must be 1 or 3, got " + dims.length);
        }
        long size = 1;
        for (int d : dims) {
            if (d <= 0) {
                throw new IllegalArgumentException("IDX dimensions must be positive: " + Arrays.toString(dims));
            }
            size *= d;
        }
        if (size != data.length) {
            throw new IllegalArgumentException("dimensions " + Arrays.toString(dims) + " need " + size
                    + " bytes, got " + data.length);
        }
        ByteBuffer header = ByteBuffer.allocate(4 + 4 * dims.length);
        header.put((byte) 0).put((byte) 0).put((byte) 0x08).put((byte) dims.length);
        for (int d : dims) {
            header.putInt(d);
        }

        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            // Not Files.createTempFile: its 0600 mode would survive the rename; CREATE_NEW honours the umask.
            Path candidate = dir.resolve("." + target.getFileName() + "."
                    + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
            FileChannel channel = FileChannel.open(candidate, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW);
            tmp = candidate;
            try (channel; OutputStream out = open(channel, gzip)) {
                out.write(header.array());
                out.write(data);
                if (out instanceof GZIPOutputStream gz) {
                    gz.finish();
                }
                out.flush();
                channel.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            tmp = null;
        } catch (IOException e) {
            throw ConfigException.data(file + ": cannot write IDX file (" + e + ")", e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the original failure is the one worth reporting
                }
            }
        }
    }

    private static OutputStream open(FileChannel channel, boolean gzip) throws IOException {
        OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
        return gzip ? new GZIPOutputStream(out, 1 << 16) : out;
    }
}
