package org.sparsebench.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.zip.GZIPOutputStream;

/** Hand-built IDX bytes for tests, written here independently of {@link IdxWriter}. */
final class IdxTestFiles {
    private IdxTestFiles() {
    }

    /** Header {@code 00 00 <type> <rank>} + big-endian sizes + body, exactly as the IDX format states. */
    static byte[] idx(int type, int[] dims, byte[] body) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + body.length);
        b.put((byte) 0).put((byte) 0).put((byte) type).put((byte) dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        return b.put(body).array();
    }

    static byte[] ubyte(int[] dims, byte[] body) {
        return idx(0x08, dims, body);
    }

    static byte[] gzip(byte[] raw) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                gz.write(raw);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code 0, 1, …, n-1} as bytes (wrapping at 256). */
    static byte[] ramp(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) i;
        }
        return b;
    }
}
