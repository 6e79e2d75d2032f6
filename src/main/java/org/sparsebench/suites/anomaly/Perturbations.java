package org.sparsebench.suites.anomaly;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sparsebench.api.Condition;
import org.sparsebench.api.ConfigException;
import org.sparsebench.api.Params;
import org.sparsebench.api.Suggest;
import org.sparsebench.api.Suite;
import org.sparsebench.suites.support.PerturbingSuite;

/**
 * The anomaly suite's {@code perturbations} key: which perturbed inputs of the file's other suites it
 * tries to flag (clean vs perturbed copy).
 * <ul>
 *   <li>absent, {@code true} or {@code from-run}: every noise and adversarial suite of the file, the
 *       highest severity of each corruption and every attack × ε;</li>
 *   <li>{@code false}: none;</li>
 *   <li>a list of suite ids: those suites, with the same defaults;</li>
 *   <li>a mapping {@code {suites: [ids], severities: highest|all|[1, 3], epsilons: all|[0.1]}}.</li>
 * </ul>
 */
final class Perturbations {
    static final String HIGHEST = "highest";
    static final String ALL = "all";

    private Perturbations() {
    }

    static List<PerturbedSet> select(Params p, List<Suite> siblings) {
        String at = p.where() + ".perturbations";
        if (!p.has("perturbations")) {
            return choose(perturbing(siblings), null, null, at);
        }
        Object raw = p.asMap().get("perturbations");
        if (raw instanceof Map) {
            Params m = p.map("perturbations");
            List<PerturbingSuite> from = m.has("suites") ? named(m.strings("suites", null), m.where() + ".suites",
                    siblings) : perturbing(siblings);
            List<Integer> severities = severities(m);
            List<Double> epsilons = epsilons(m);
            m.checkNoUnknownKeys();
            return choose(from, severities, epsilons, m.where());
        }
        if (raw instanceof List) {
            return choose(named(p.strings("perturbations", null), at, siblings), null, null, at);
        }
        return switch (raw.toString().trim().toLowerCase(Locale.ROOT)) {
            case "true", "from-run", "yes", "on" -> choose(perturbing(siblings), null, null, at);
            case "false", "no", "off", "none" -> List.of();
            default -> throw new ConfigException(at + ": expected from-run, false, a list of suite ids or "
                    + "{suites, severities, epsilons}, got '" + raw + "'");
        };
    }

    /** {@code highest} → null (the highest per corruption), {@code all} → empty, else the listed severities. */
    private static List<Integer> severities(Params m) {
        Object v = m.asMap().get("severities");
        if (v == null || v instanceof String s && s.trim().equals(HIGHEST)) {
            m.has("severities");
            return null;
        }
        if (v instanceof String s && s.trim().equals(ALL)) {
            m.has("severities");
            return List.of();
        }
        if (v instanceof String s) {
            throw new ConfigException(m.where() + ".severities: expected highest, all or a list of severities 1-5, got '"
                    + s + "'");
        }
        return m.integers("severities", null, 1, 5);
    }

    /** {@code all} (or absent) → null, else the listed budgets. */
    private static List<Double> epsilons(Params m) {
        Object v = m.asMap().get("epsilons");
        if (v == null || v instanceof String s && s.trim().equals(ALL)) {
            m.has("epsilons");
            return null;
        }
        if (v instanceof String s) {
            throw new ConfigException(m.where() + ".epsilons: expected all or a list of budgets, got '" + s + "'");
        }
        return m.numbers("epsilons", null, 0, 1e6);
    }

    private static List<PerturbingSuite> perturbing(List<Suite> siblings) {
        return siblings.stream().filter(PerturbingSuite.class::isInstance).map(PerturbingSuite.class::cast).toList();
    }

    private static List<PerturbingSuite> named(List<String> ids, String at, List<Suite> siblings) {
        List<String> valid = perturbing(siblings).stream().map(Suite::id).toList();
        List<PerturbingSuite> out = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            Suite s = siblings.stream().filter(x -> x.id().equals(id)).findFirst().orElse(null);
            if (!(s instanceof PerturbingSuite ps)) {
                String hint = Suggest.closest(id, valid);
                throw new ConfigException(at + "[" + i + "]: " + (s == null ? "unknown suite '" + id + "'"
                        : "suite '" + id + "' (" + s.family() + ") does not perturb inputs")
                        + (hint == null ? "" : " (did you mean '" + hint + "'?)")
                        + "; suites of this file with perturbed inputs: "
                        + (valid.isEmpty() ? "none (add a noise or adversarial suite)" : String.join(", ", valid)));
            }
            if (!out.contains(ps)) {
                out.add(ps);
            }
        }
        return out;
    }

    /**
     * The chosen conditions of each suite: of a corruption ({@code corruption}, {@code severity}
     * params) the highest severity ({@code severities} null), all (empty) or the listed ones; of an
     * attack ({@code epsilon}) every ε ({@code epsilons} null) or the listed ones. A listed value no
     * suite runs is an error.
     */
    private static List<PerturbedSet> choose(List<PerturbingSuite> from, List<Integer> severities,
            List<Double> epsilons, String at) {
        List<PerturbedSet> out = new ArrayList<>();
        List<Integer> seenSeverities = new ArrayList<>();
        List<Double> seenEpsilons = new ArrayList<>();
        for (PerturbingSuite s : from) {
            Map<Object, Integer> highest = new LinkedHashMap<>();
            for (Condition c : s.perturbations()) {
                if (c.params().get("corruption") != null && c.params().get("severity") instanceof Number sev) {
                    highest.merge(c.params().get("corruption"), sev.intValue(), Math::max);
                }
            }
            for (Condition c : s.perturbations()) {
                Object corruption = c.params().get("corruption");
                if (corruption != null && c.params().get("severity") instanceof Number sev) {
                    seenSeverities.add(sev.intValue());
                    boolean keep = severities == null ? highest.get(corruption) == sev.intValue()
                            : severities.isEmpty() || severities.contains(sev.intValue());
                    if (!keep) {
                        continue;
                    }
                } else if (c.params().get("epsilon") instanceof Number eps) {
                    seenEpsilons.add(eps.doubleValue());
                    if (epsilons != null && epsilons.stream().noneMatch(e -> same(e, eps.doubleValue()))) {
                        continue;
                    }
                }
                out.add(new PerturbedSet(s, c));
            }
        }
        if (severities != null) {
            for (int i = 0; i < severities.size(); i++) {
                if (!seenSeverities.contains(severities.get(i))) {
                    throw new ConfigException(at + ".severities[" + i + "]: no noise suite of this file runs severity "
                            + severities.get(i) + "; they run " + seenSeverities.stream().distinct().sorted().toList());
                }
            }
        }
        if (epsilons != null) {
            for (int i = 0; i < epsilons.size(); i++) {
                double e = epsilons.get(i);
                if (seenEpsilons.stream().noneMatch(x -> same(x, e))) {
                    throw new ConfigException(at + ".epsilons[" + i + "]: no adversarial suite of this file attacks at "
                            + e + "; they use " + seenEpsilons.stream().distinct().sorted().toList());
                }
            }
        }
        return out;
    }

    private static boolean same(double a, double b) {
        return Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a));
    }
}
