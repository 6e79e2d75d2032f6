package org.sparsebench.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typed, validating view of one mapping in a suite file. Every error names the place
 * ({@code suites/default.yaml: suites[1].epsilons}) and the expected value. Keys a plugin never
 * reads are reported by {@link #checkNoUnknownKeys()} with the closest valid key.
 */
public final class Params {
    private final String where;
    private final Map<String, Object> values;
    private final Set<String> read = new TreeSet<>();

    public Params(String where, Map<String, ?> values) {
        this.where = where;
        this.values = values == null ? Map.of() : new LinkedHashMap<>(values);
    }

    /** Location prefix used in error messages. */
    public String where() {
        return where;
    }

    public boolean has(String key) {
        read.add(key);
        return values.containsKey(key) && values.get(key) != null;
    }

    public String string(String key, String fallback) {
        read.add(key);
        Object v = values.get(key);
        return v == null ? fallback : v.toString();
    }

    public String string(String key) {
        String v = string(key, null);
        if (v == null) {
            throw missing(key, "a string");
        }
        return v;
    }

    public double number(String key, double fallback) {
        read.add(key);
        Object v = values.get(key);
        if (v == null) {
            return fallback;
        }
        return toDouble(key, v);
    }

    public double number(String key, double fallback, double min, double max) {
        double d = number(key, fallback);
        if (d < min || d > max) {
            throw new ConfigException(where + "." + key + ": " + fmt(d) + " is out of range, expected "
                    + fmt(min) + " to " + fmt(max));
        }
        return d;
    }

    public int integer(String key, int fallback, int min, int max) {
        read.add(key);
        Object v = values.get(key);
        if (v == null) {
            return fallback;
        }
        double d = toDouble(key, v);
        if (d != Math.rint(d)) {
            throw new ConfigException(where + "." + key + ": expected an integer, got " + v);
        }
        if (d < min || d > max) {
            throw new ConfigException(where + "." + key + ": " + (long) d + " is out of range, expected " + min
                    + " to " + max);
        }
        return (int) d;
    }

    /** A list of numbers, each in {@code [min, max]}; the fallback when absent. */
    public List<Double> numbers(String key, List<Double> fallback, double min, double max) {
        read.add(key);
        Object v = values.get(key);
        if (v == null) {
            return fallback;
        }
        List<?> raw = v instanceof List<?> l ? l : List.of(v);
        if (raw.isEmpty()) {
            throw new ConfigException(where + "." + key + ": expected at least one value");
        }
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            double d = toDouble(key + "[" + i + "]", raw.get(i));
            if (d < min || d > max) {
                throw new ConfigException(where + "." + key + "[" + i + "]: " + fmt(d) + " is out of range, expected "
                        + fmt(min) + " to " + fmt(max));
            }
            out.add(d);
        }
        return out;
    }

    /** A list of integers, each in {@code [min, max]}; the fallback when absent. */
    public List<Integer> integers(String key, List<Integer> fallback, int min, int max) {
        List<Double> d = numbers(key, null, min, max);
        if (d == null) {
            return fallback;
        }
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < d.size(); i++) {
            if (d.get(i) != Math.rint(d.get(i))) {
                throw new ConfigException(where + "." + key + "[" + i + "]: expected an integer, got " + fmt(d.get(i)));
            }
            out.add(d.get(i).intValue());
        }
        return out;
    }

    /** A list of strings; the fallback when absent. */
    public List<String> strings(String key, List<String> fallback) {
        read.add(key);
        Object v = values.get(key);
        if (v == null) {
            return fallback;
        }
        List<?> raw = v instanceof List<?> l ? l : List.of(v);
        List<String> out = new ArrayList<>();
        for (Object o : raw) {
            if (o instanceof Map || o instanceof List) {
                throw new ConfigException(where + "." + key + ": expected a list of names, got " + o);
            }
            out.add(String.valueOf(o));
        }
        return out;
    }

    /** A list of nested mappings, each as its own {@code Params}. */
    public List<Params> list(String key) {
        read.add(key);
        Object v = values.get(key);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> raw)) {
            throw new ConfigException(where + "." + key + ": expected a list");
        }
        List<Params> out = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            Object o = raw.get(i);
            String at = where + "." + key + "[" + i + "]";
            if (o instanceof Map<?, ?> m) {
                out.add(new Params(at, castMap(m, at)));
            } else if (o instanceof String s) {
                out.add(new Params(at, Map.of("name", s)));
            } else {
                throw new ConfigException(at + ": expected a mapping or a name, got " + o);
            }
        }
        return out;
    }

    /** A nested mapping; empty when absent. */
    public Params map(String key) {
        read.add(key);
        Object v = values.get(key);
        String at = where + "." + key;
        if (v == null) {
            return new Params(at, Map.of());
        }
        if (!(v instanceof Map<?, ?> m)) {
            throw new ConfigException(at + ": expected a mapping");
        }
        return new Params(at, castMap(m, at));
    }

    /** Throws naming the first key nobody asked for, with the closest valid key as a suggestion. */
    public void checkNoUnknownKeys() {
        for (String key : values.keySet()) {
            if (!read.contains(key)) {
                String hint = Suggest.closest(key, read);
                throw new ConfigException(where + ": unknown key '" + key + "'"
                        + (hint == null ? "" : " (did you mean '" + hint + "'?)")
                        + (read.isEmpty() ? "" : "; valid keys: " + String.join(", ", read)));
            }
        }
    }

    /** The raw values, for hashing and manifests. */
    public Map<String, Object> asMap() {
        return new LinkedHashMap<>(values);
    }

    private ConfigException missing(String key, String what) {
        return new ConfigException(where + ": missing '" + key + "', expected " + what);
    }

    private double toDouble(String key, Object v) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.parseDouble(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(where + "." + key + ": expected a number, got '" + v + "'");
        }
    }

    private static Map<String, Object> castMap(Map<?, ?> m, String at) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!(e.getKey() instanceof String k)) {
                throw new ConfigException(at + ": keys must be strings, got " + e.getKey());
            }
            out.put(k, e.getValue());
        }
        return out;
    }

    private static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
