package org.sparsebench.run;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparsebench.api.ConfigException;
import org.sparsebench.data.IdxReader;

/**
 * Seeded mutation fuzzing of the two parsers that read user files: every mutated input either
 * loads or fails with the documented {@link ConfigException}; nothing else escapes and nothing hangs.
 */
class FuzzTest {
    private static final int CASES = 2000;

    @TempDir
    Path tmp;

    private static byte[] validIdx() {
        byte[] b = new byte[16 + 3 * 4 * 4];
        java.nio.ByteBuffer.wrap(b).putInt(0x00000803).putInt(3).putInt(4).putInt(4);
        for (int i = 16; i < b.length; i++) {
            b[i] = (byte) (i * 7);
        }
        return b;
    }

    private static byte[] mutate(byte[] seed, SplittableRandom r) {
        byte[] b = seed.clone();
        switch (r.nextInt(4)) {
            case 0 -> { // flip bytes
                for (int k = 0; k <= r.nextInt(4); k++) {
                    b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                }
            }
            case 1 -> b = java.util.Arrays.copyOf(b, r.nextInt(b.length + 1)); // truncate
            case 2 -> b = java.util.Arrays.copyOf(b, b.length + 1 + r.nextInt(8)); // extend
            default -> { // big dimension
                int at = 4 + 4 * r.nextInt(3);
                if (at + 4 <= b.length) {
                    java.nio.ByteBuffer.wrap(b).putInt(at, r.nextInt());
                }
            }
        }
        return b;
    }

    @Test
    void idxReaderEitherLoadsOrRefusesWithOneMessage() throws IOException {
        SplittableRandom r = new SplittableRandom(2026);
        byte[] valid = validIdx();
        Path f = tmp.resolve("fuzz.idx");
        assertTimeoutPreemptively(Duration.ofMinutes(2), () -> {
            for (int i = 0; i < CASES; i++) {
                byte[] b = mutate(valid, r);
                if (r.nextBoolean()) {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                        gz.write(b);
                    }
                    b = out.toByteArray();
                    if (r.nextInt(4) == 0) {
                        b = mutate(b, r); // corrupt the gzip stream itself
                    }
                }
                Files.write(f, b);
                try {
                    IdxReader.read(f, 3);
                } catch (ConfigException e) {
                    if (!e.getMessage().startsWith(f.toString())) {
                        fail("case " + i + ": message does not name the file: " + e.getMessage());
                    }
                } catch (RuntimeException | OutOfMemoryError e) {
                    fail("case " + i + ": " + e, e);
                }
            }
        });
    }

    @Test
    void suiteFileEitherLoadsOrRefusesWithOneMessage() throws IOException {
        String valid = """
                name: fuzz
                seed: 3
                models: [relu-cnn]
                limit: 100
                suites:
                  - type: noise
                    corruptions: [gaussian-noise]
                    severities: [1, 3]
                  - type: adversarial
                    attacks:
                      - {attack: fgsm, norm: linf, epsilons: [0.1]}
                    audit: false
                  - type: anomaly
                    out: [mnist-test]
                """;
        List<String> tokens = List.of(":", "-", "[", "]", "{", "}", "'", "\"", "\n", "  ", "0", "-1", "7", "1e9", "x",
                "null", "~", "&a", "*a", "!!binary", "#", "severities", "type", "epsilons", "noise", "\t");
        PluginRegistry plugins = PluginRegistry.load(List.of());
        SplittableRandom r = new SplittableRandom(7);
        Path f = tmp.resolve("fuzz.yaml");
        assertTimeoutPreemptively(Duration.ofMinutes(2), () -> {
            for (int i = 0; i < CASES; i++) {
                StringBuilder s = new StringBuilder(valid);
                for (int k = 0; k <= r.nextInt(3); k++) {
                    int at = r.nextInt(s.length() + 1);
                    if (r.nextBoolean() && at < s.length()) {
                        s.delete(at, Math.min(s.length(), at + 1 + r.nextInt(6)));
                    } else {
                        s.insert(at, tokens.get(r.nextInt(tokens.size())));
                    }
                }
                Files.writeString(f, s, StandardCharsets.UTF_8);
                try {
                    SuiteFile.read(f, plugins);
                } catch (ConfigException e) {
                    if (!e.getMessage().contains(f.toString()) && !e.getMessage().contains("--")) {
                        fail("case " + i + ": message does not name the file: " + e.getMessage() + "\n" + s);
                    }
                } catch (RuntimeException e) {
                    fail("case " + i + ": " + e + "\n" + s, e);
                }
            }
        });
    }
}
