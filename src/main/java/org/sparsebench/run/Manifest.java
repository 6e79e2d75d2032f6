package org.sparsebench.run;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.sparsebench.api.Dataset;
import org.sparsebench.api.Suite;

/** The run manifest: what ran, on what, with which versions and seeds, how long it took. */
public final class Manifest {
    private Manifest() {
    }

    /**
     * The deterministic part of a run's record: identical for identical inputs on the same machine
     * (no ids, timestamps or durations; those go to the execution record).
     */
    static Map<String, Object> build(RunSpec spec, Dataset data, int samples, Map<String, Object> models,
            List<Map<String, Object>> failures, List<String> pending) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", spec.name());
        m.put("status", pending.isEmpty() ? "complete" : "partial");
        m.put("pending", pending);
        m.put("sparsebenchVersion", version());
        m.put("gitCommit", gitCommit());
        m.put("seed", spec.seed());
        m.put("suiteFile", spec.file());
        m.put("suiteSha256", spec.sha256());
        Map<String, Object> suites = new LinkedHashMap<>();
        for (Suite s : spec.suites()) {
            suites.put(s.id(), Map.of("family", s.family(), "spec", new TreeMap<>(s.spec()),
                    "conditions", s.conditions().size()));
        }
        m.put("suites", suites);
        m.put("data", Map.of("id", data.id(), "sha256", data.sha256(), "size", data.size(), "samples", samples,
                "limit", spec.limit()));
        m.put("batch", spec.batch());
        m.put("models", models);
        m.put("failures", failures);
        m.put("versions", Map.of("java", System.getProperty("java.version"), "nd4j", nd4jVersion(),
                "os", System.getProperty("os.name") + " " + System.getProperty("os.version")));
        m.put("machine", Map.of("arch", System.getProperty("os.arch"), "cores",
                Runtime.getRuntime().availableProcessors(), "maxHeapMb", Runtime.getRuntime().maxMemory() >> 20,
                "cpu", cpuModel()));
        return m;
    }

    /** The version of this build, from the filtered {@code sparsebench.properties}. */
    public static String version() {
        try (InputStream in = Manifest.class.getResourceAsStream("/sparsebench.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    static String nd4jVersion() {
        Package p = org.nd4j.linalg.factory.Nd4j.class.getPackage();
        String v = p == null ? null : p.getImplementationVersion();
        return v == null ? "1.0.0-M2.1" : v;
    }

    static String gitCommit() {
        Path home = Path.of(System.getProperty("sparsebench.home", "."));
        try {
            Process p = new ProcessBuilder("git", "-C", home.toString(), "rev-parse", "HEAD").redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return "unknown";
            }
            return out;
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: leave it out
        }
        return "unknown";
    }
}
