package org.sparsebench.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link CheckpointLog}: records survive reopening; a torn last record is dropped and overwritten by the next append. */
class CheckpointLogTest {
    @TempDir
    Path tmp;

    private static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void recordsSurviveReopening() throws IOException {
        Path f = tmp.resolve("checkpoints.log");
        CheckpointLog log = CheckpointLog.open(f);
        log.append("k1", json("{\n  \"a\" : 1\n}"));
        log.append("k2", json("{}"));
        log.append("k1", json("{\"a\":2}")); // the later record of a key wins
        CheckpointLog again = CheckpointLog.open(f);
        assertEquals(2, again.size());
        assertArrayEquals(json("{\"a\":2}"), again.get("k1"));
        assertArrayEquals(json("{}"), again.get("k2"));
        assertNull(again.get("k3"));
        // the format: header "<key> <length>", the bytes, a newline
        assertEquals("k1 13\n{\n  \"a\" : 1\n}\nk2 2\n{}\nk1 7\n{\"a\":2}\n", Files.readString(f));
    }

    @Test
    void aTornLastRecordIsDroppedAndTheNextAppendFollowsTheLastWholeOne() throws IOException {
        Path f = tmp.resolve("checkpoints.log");
        CheckpointLog log = CheckpointLog.open(f);
        log.append("k1", json("{\"a\":1}"));
        log.append("k2", json("{\"b\":22}"));
        long whole = Files.size(f);
        log.append("k3", json("{\"c\":333}"));
        for (long cut = whole + 1; cut < Files.size(f); cut++) { // every possible tear of the third record
            Path g = tmp.resolve("torn-" + cut);
            Files.copy(f, g);
            try (FileChannel ch = FileChannel.open(g, StandardOpenOption.WRITE)) {
                ch.truncate(cut);
            }
            CheckpointLog torn = CheckpointLog.open(g);
            assertEquals(2, torn.size(), "cut at " + cut);
            assertNull(torn.get("k3"));
            assertEquals(whole, Files.size(g), "the torn tail is cut off");
            torn.append("k4", json("{}"));
            CheckpointLog reopened = CheckpointLog.open(g);
            assertEquals(3, reopened.size());
            assertArrayEquals(json("{}"), reopened.get("k4"));
            assertArrayEquals(json("{\"b\":22}"), reopened.get("k2"));
        }
    }

    @Test
    void keysWithBlanksAreRefused() throws IOException {
        CheckpointLog log = CheckpointLog.open(tmp.resolve("c.log"));
        assertThrows(IllegalArgumentException.class, () -> log.append("a b", json("{}")));
    }
}
