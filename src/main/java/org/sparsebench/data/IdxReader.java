package org.sparsebench.data;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.sparsebench.api.ConfigException;

/**
 * Reads IDX files (the MNIST format, raw or gzip-compressed) of unsigned bytes, validating the magic
 * number, the dimensions and the exact body length. Every failure is a {@link ConfigException}
 * naming the file.
 */
public final class IdxReader {
    /** Magic of an unsigned-byte IDX file: 0x00 0x00 0x08 then the number of dimensions. */
    private static final int UBYTE = 0x08;

    private IdxReader() {
    }

    /** An IDX tensor: its dimensions and its bytes, row-major. */
    public record Idx(int[] dims, byte[] data) {
        public int count() {
            return dims[0];
        }
    }

    /** Reads an IDX file whose number of dimensions must be {@code expectedRank}. */
    public static Idx read(Path file, int expectedRank) {
        byte[] bytes = readAll(file);
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        if (bytes.length < 4) {
            throw bad(file, "too short for an IDX header (" + bytes.length + " bytes)");
        }
        int b0 = buf.get() & 0xff;
        int b1 = buf.get() & 0xff;
        int type = buf.get() & 0xff;
        int rank = buf.get() & 0xff;
        if (b0 != 0 || b1 != 0 || type != UBYTE) {
            throw bad(file, String.format("bad magic number 0x%02x%02x%02x%02x, expected 0x000008%02x (unsigned-byte IDX)",
                    b0, b1, type, rank, expectedRank));
        }
        if (rank != expectedRank) {
            throw bad(file, "has " + rank + " dimensions, expected " + expectedRank);
        }
        if (bytes.length < 4 + 4L * rank) {
            throw bad(file, "header truncated: " + rank + " dimension sizes need " + (4 + 4 * rank) + " bytes, file has "
                    + bytes.length);
        }
        int[] dims = new int[rank];
        for (int i = 0; i < rank; i++) {
            dims[i] = buf.getInt();
            if (dims[i] <= 0) {
                throw bad(file, "dimension " + i + " is " + dims[i] + ", expected a positive size");
            }
        }
        long body = bytes.length - 4L - 4L * rank;
        long expected = size(dims);
        if (expected < 0 || body < expected) {
            throw bad(file, "truncated: dimensions " + shape(dims) + " need " + (expected < 0 ? "more than 2^63" : expected)
                    + " bytes of data, found " + body);
        }
        if (body > expected) {
            throw bad(file, "has " + (body - expected) + " trailing bytes after the " + shape(dims) + " data");
        }
        byte[] data = new byte[(int) expected];
        buf.get(data);
        return new Idx(dims, data);
    }

    private static byte[] readAll(Path file) {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
            raw.mark(2);
            int m0 = raw.read();
            int m1 = raw.read();
            raw.reset();
            boolean gzip = m0 == 0x1f && m1 == 0x8b;
            try (InputStream in = gzip ? new GZIPInputStream(raw, 1 << 16) : raw) {
                ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 20);
                in.transferTo(out);
                return out.toByteArray();
            }
        } catch (NoSuchFileException e) {
            throw ConfigException.data(file + ": file not found");
        } catch (ZipException | java.io.EOFException e) {
            throw bad(file, "corrupt gzip stream (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw ConfigException.data(file + ": cannot read (" + e.getMessage() + ")");
        }
    }

    /** The product of the sizes, or -1 when it overflows a long. */
    private static long size(int[] dims) {
        long n = 1;
        try {
            for (int d : dims) {
                n = Math.multiplyExact(n, d);
            }
        } catch (ArithmeticException e) {
            return -1;
        }
        return n;
    }

    private static String shape(int[] dims) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < dims.length; i++) {
            sb.append(i == 0 ? "" : "x").append(dims[i]);
        }
        return sb.toString();
    }

    private static ConfigException bad(Path file, String what) {
        return ConfigException.data(file + ": not a valid IDX file: " + what);
    }
}
