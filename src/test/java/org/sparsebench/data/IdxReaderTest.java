package org.sparsebench.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sparsebench.data.IdxTestFiles.gzip;
import static org.sparsebench.data.IdxTestFiles.ramp;
import static org.sparsebench.data.IdxTestFiles.ubyte;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparsebench.api.ConfigException;

/** Expected values are the hand-built inputs themselves (IDX layout: LeCun's MNIST page). */
class IdxReaderTest {
    @TempDir
    Path dir;

    private Path file(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    private void assertRejected(Path f, int rank, String what) {
        ConfigException e = assertThrows(ConfigException.class, () -> IdxReader.read(f, rank));
        assertTrue(e.getMessage().contains(f.toString()), () -> "message should name the file: " + e.getMessage());
        assertTrue(e.getMessage().contains(what), () -> "message should say '" + what + "': " + e.getMessage());
    }

    @Test
    void readsRawRank3() throws IOException {
        Path f = file("a.idx3", ubyte(new int[] {2, 2, 3}, ramp(12)));
        IdxReader.Idx idx = IdxReader.read(f, 3);
        assertArrayEquals(new int[] {2, 2, 3}, idx.dims());
        assertArrayEquals(ramp(12), idx.data());
        assertEquals(2, idx.count());
    }

    @Test
    void readsGzipRank3() throws IOException {
        byte[] body = ramp(300);
        Path f = file("a.idx3.gz", gzip(ubyte(new int[] {3, 10, 10}, body)));
        IdxReader.Idx idx = IdxReader.read(f, 3);
        assertArrayEquals(new int[] {3, 10, 10}, idx.dims());
        assertArrayEquals(body, idx.data());
    }

    @Test
    void readsRawAndGzipRank1() throws IOException {
        byte[] labels = {9, 0, 255 - 256, 7};
        for (Path f : new Path[] {file("l.idx1", ubyte(new int[] {4}, labels)),
            file("l.idx1.gz", gzip(ubyte(new int[] {4}, labels)))}) {
            IdxReader.Idx idx = IdxReader.read(f, 1);
            assertArrayEquals(new int[] {4}, idx.dims());
            assertArrayEquals(labels, idx.data());
        }
    }

    @Test
    void rejectsBadMagic() throws IOException {
        // type 0x09 is signed byte, 0x0D float: valid IDX, but not unsigned bytes
        assertRejected(file("int.idx", IdxTestFiles.idx(0x09, new int[] {4}, ramp(4))), 1, "bad magic");
        assertRejected(file("text.idx", "hello world, not idx".getBytes()), 1, "bad magic");
    }

    @Test
    void rejectsWrongRank() throws IOException {
        assertRejected(file("labels-as-images", ubyte(new int[] {4}, ramp(4))), 3, "has 1 dimensions, expected 3");
    }

    @Test
    void rejectsTruncatedHeader() throws IOException {
        byte[] full = ubyte(new int[] {1, 2, 2}, ramp(4));
        assertRejected(file("short-dims", Arrays.copyOf(full, 10)), 3, "header truncated");
        assertRejected(file("three-bytes", Arrays.copyOf(full, 3)), 3, "too short");
        assertRejected(file("empty", new byte[0]), 3, "too short");
    }

    @Test
    void rejectsTruncatedBody() throws IOException {
        byte[] full = ubyte(new int[] {2, 2, 2}, ramp(8));
        assertRejected(file("short-body", Arrays.copyOf(full, full.length - 1)), 3, "need 8 bytes of data, found 7");
    }

    @Test
    void rejectsSizesWhoseProductOverflows() throws IOException {
        // (2^31-1)^3 overflows a long: must read as truncated, not wrap around
        int m = Integer.MAX_VALUE;
        assertRejected(file("huge", ubyte(new int[] {m, m, m}, ramp(8))), 3, "truncated");
    }

    @Test
    void rejectsZeroSize() throws IOException {
        assertRejected(file("zero", ubyte(new int[] {0, 2, 2}, new byte[0])), 3, "expected a positive size");
    }

    @Test
    void rejectsTrailingBytes() throws IOException {
        assertRejected(file("trailing", ubyte(new int[] {2, 2, 2}, ramp(9))), 3, "1 trailing bytes");
    }

    @Test
    void rejectsCorruptGzip() throws IOException {
        byte[] gz = gzip(ubyte(new int[] {2, 2, 2}, ramp(8)));
        assertRejected(file("cut.gz", Arrays.copyOf(gz, gz.length - 10)), 3, "corrupt gzip");
        byte[] badCrc = gz.clone();
        badCrc[gz.length - 8] ^= 0x55; // first byte of the CRC-32 trailer (RFC 1952)
        assertRejected(file("crc.gz", badCrc), 3, "corrupt gzip");
        byte[] garbage = gz.clone();
        Arrays.fill(garbage, 10, gz.length - 8, (byte) 0xff); // deflate body replaced by an invalid block
        assertRejected(file("garbage.gz", garbage), 3, "corrupt gzip");
    }

    @Test
    void rejectsMissingFile() {
        assertRejected(dir.resolve("nope.gz"), 3, "file not found");
    }
}
