package org.sparsebench.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sparsebench.data.IdxTestFiles.ramp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparsebench.api.ConfigException;

/** Expected values: the hand-built IDX bytes of {@link IdxTestFiles} and the written inputs. */
class IdxWriterTest {
    @TempDir
    Path dir;

    @Test
    void rawFileIsExactlyTheIdxLayout() throws IOException {
        Path f = dir.resolve("img.idx3");
        IdxWriter.writeImages(f, 2, 3, 4, ramp(24), false);
        assertArrayEquals(IdxTestFiles.ubyte(new int[] {2, 3, 4}, ramp(24)), Files.readAllBytes(f));
    }

    @Test
    void roundTripsThroughTheReader() {
        for (boolean gzip : new boolean[] {false, true}) {
            Path images = dir.resolve("img-" + gzip);
            Path labels = dir.resolve("lab-" + gzip);
            IdxWriter.writeImages(images, 5, 7, 3, ramp(105), gzip);
            IdxWriter.writeLabels(labels, new byte[] {3, 1, 4, 1, 5}, gzip);
            IdxReader.Idx img = IdxReader.read(images, 3);
            assertArrayEquals(new int[] {5, 7, 3}, img.dims());
            assertArrayEquals(ramp(105), img.data());
            assertArrayEquals(new byte[] {3, 1, 4, 1, 5}, IdxReader.read(labels, 1).data());
        }
    }

    @Test
    void gzipOutputIsGzip() throws IOException {
        Path f = dir.resolve("l.gz");
        IdxWriter.writeLabels(f, ramp(1000), true);
        byte[] b = Files.readAllBytes(f);
        assertEquals(0x1f, b[0] & 0xff); // RFC 1952 magic
        assertEquals(0x8b, b[1] & 0xff);
        assertTrue(b.length < 1008);
    }

    @Test
    void replacesAnExistingFileAndLeavesNoTemporaryFiles() throws IOException {
        Path f = dir.resolve("sub/l.idx1");
        IdxWriter.writeLabels(f, ramp(10), false);
        IdxWriter.writeLabels(f, ramp(3), false);
        assertArrayEquals(ramp(3), IdxReader.read(f, 1).data());
        try (Stream<Path> s = Files.list(f.getParent())) {
            assertEquals(List.of(f), s.toList());
        }
    }

    @Test
    void rejectsInconsistentArguments() {
        Path f = dir.resolve("x");
        assertThrows(IllegalArgumentException.class, () -> IdxWriter.write(f, new int[] {2, 2}, ramp(4), false));
        assertThrows(IllegalArgumentException.class, () -> IdxWriter.writeImages(f, 2, 2, 2, ramp(7), false));
        assertThrows(IllegalArgumentException.class, () -> IdxWriter.writeLabels(f, new byte[0], false));
    }

    @Test
    void unwritableTargetIsAConfigExceptionNamingTheFile() throws IOException {
        Path notADir = Files.write(dir.resolve("plain-file"), new byte[] {1});
        Path f = notADir.resolve("l.idx1");
        ConfigException e = assertThrows(ConfigException.class, () -> IdxWriter.writeLabels(f, ramp(3), false));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
    }
}
