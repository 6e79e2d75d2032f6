package org.sparsebench.run;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The checkpoints of an unfinished run in one append-only file: per finished unit a record
 * {@code <key> <length>\n<length bytes of JSON>\n}, written with one {@code write} call. Creating a
 * file per checkpoint (temp file, then a move) cost milliseconds per condition on this machine's
 * file system; an append does not. A record cut short by a crash (the process killed mid-write) is
 * detected when the file is opened and cut off, so the next append follows the last whole record.
 * Not thread-safe: the runner appends from one thread.
 */
final class CheckpointLog {
    private static final int MAX_HEADER = 256;

    private final Path file;
    private final Map<String, byte[]> records = new LinkedHashMap<>();

    private CheckpointLog(Path file) {
        this.file = file;
    }

    /** Reads the whole records of {@code file} (none if it does not exist) and cuts off a torn last one. */
    static CheckpointLog open(Path file) throws IOException {
        CheckpointLog log = new CheckpointLog(file);
        if (!Files.exists(file)) {
            return log;
        }
        byte[] all = Files.readAllBytes(file);
        int valid = log.parse(all);
        if (valid < all.length) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.truncate(valid);
            }
        }
        return log;
    }

    /** The JSON of {@code key}'s checkpoint, or null. */
    byte[] get(String key) {
        return records.get(key);
    }

    int size() {
        return records.size();
    }

    /** Appends {@code key}'s checkpoint (a later record of the same key wins). */
    void append(String key, byte[] json) throws IOException {
        if (key.isEmpty() || key.chars().anyMatch(c -> c <= ' ')) {
            throw new IllegalArgumentException("checkpoint key '" + key + "' is empty or has blanks");
        }
        byte[] header = (key + " " + json.length + "\n").getBytes(StandardCharsets.UTF_8);
        ByteBuffer record = ByteBuffer.allocate(header.length + json.length + 1);
        record.put(header).put(json).put((byte) '\n').flip();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            while (record.hasRemaining()) {
                ch.write(record);
            }
        }
        records.put(key, json);
    }

    /** Reads records from the start; returns the length of the whole ones. */
    private int parse(byte[] all) {
        int pos = 0;
        while (pos < all.length) {
            int nl = -1;
            for (int i = pos; i < Math.min(all.length, pos + MAX_HEADER); i++) {
                if (all[i] == '\n') {
                    nl = i;
                    break;
                }
            }
            if (nl < 0) {
                return pos;
            }
            String[] header = new String(all, pos, nl - pos, StandardCharsets.UTF_8).split(" ");
            int length;
            try {
                length = header.length == 2 ? Integer.parseInt(header[1]) : -1;
            } catch (NumberFormatException e) {
                length = -1;
            }
            long end = (long) nl + 1 + length;
            if (length < 0 || end >= all.length || all[(int) end] != '\n') {
                return pos;
            }
            byte[] json = new byte[length];
            System.arraycopy(all, nl + 1, json, 0, length);
            records.put(header[0], json);
            pos = (int) end + 1;
        }
        return pos;
    }
}
