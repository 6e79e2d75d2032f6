package org.sparsebench.suites.adversarial;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparsebench.api.Attack;
import org.sparsebench.api.AttackFactory;
import org.sparsebench.api.ConfigException;
import org.sparsebench.api.Model;
import org.sparsebench.api.Params;
import org.sparsebench.api.Plugins;

/**
 * An ensemble in the manner of AutoAttack's "standard" version (Croce &amp; Hein 2020): the attacks run
 * in sequence, each only on the samples still robust (correct clean and under every attack so far),
 * and a sample's result is the first adversarial example found, so robust accuracy is the per-sample
 * worst case. {@link #stages} also reports which attack broke each sample, for the cumulative table.
 */
public final class AutoAttack implements Attack {
    /** AutoAttack's standard set: APGD-CE, APGD-T (9 targets), FAB-T (9 targets), Square (5,000 queries). */
    public static final List<String> STANDARD = List.of("apgd-ce", "apgd-t", "fab-t", "square");

    private final String norm;
    private final List<String> names;
    private final List<Attack> attacks;

    public AutoAttack(String norm, List<String> names, List<Attack> attacks) {
        this.norm = Norms.check(norm, "AutoAttack");
        if (names.size() != attacks.size() || attacks.isEmpty()) {
            throw new IllegalArgumentException("one name per attack, at least one attack");
        }
        for (Attack a : attacks) {
            if (!a.norm().equals(this.norm)) {
                throw new IllegalArgumentException(a + " attacks " + a.norm() + ", the ensemble " + norm);
            }
        }
        this.names = List.copyOf(names);
        this.attacks = List.copyOf(attacks);
    }

    @Override
    public String norm() {
        return norm;
    }

    public List<String> names() {
        return names;
    }

    public List<Attack> attacks() {
        return attacks;
    }

    /**
     * Outcome of one batch: the worst-case adversarial images and, per sample, {@code 0} if misclassified
     * clean, {@code s ≥ 1} if attack {@code s} (1-based) broke it first, {@code -1} if it stayed robust.
     */
    public record Staged(INDArray adversarial, int[] brokenAt) {
    }

    public Staged stages(Model model, INDArray x, int[] y, double epsilon, long[] seeds) {
        int n = y.length;
        int[] brokenAt = new int[n];
        int[] clean = Rows.predict(model.id(), model.logits(x));
        for (int i = 0; i < n; i++) {
            brokenAt[i] = clean[i] == y[i] ? -1 : 0;
        }
        INDArray out = Rows.flat(x);
        for (int s = 0; s < attacks.size(); s++) {
            boolean[] robust = new boolean[n];
            for (int i = 0; i < n; i++) {
                robust[i] = brokenAt[i] == -1;
            }
            int[] act = Rows.where(robust, true);
            if (act.length == 0 || epsilon == 0) {
                break;
            }
            // Each attack gets the sample's own seed: a member then does to a sample exactly what it does
            // alone, so the ensemble is never weaker than any member (the attacks derive their own streams).
            long[] sd = Rows.take(seeds, act);
            INDArray xa = Rows.image(Rows.take(out, act), x.shape());
            INDArray adv = attacks.get(s).run(model, xa, Rows.take(y, act), epsilon, sd);
            int[] pred = Rows.predict(model.id(), model.logits(adv));
            INDArray flat = Rows.flat(adv);
            for (int i = 0; i < act.length; i++) {
                if (pred[i] != y[act[i]]) {
                    brokenAt[act[i]] = s + 1;
                    out.putRow(act[i], flat.getRow(i));
                }
            }
        }
        return new Staged(Rows.image(out, x.shape()), brokenAt);
    }

    @Override
    public INDArray run(Model model, INDArray x, int[] y, double epsilon, long[] seeds) {
        return stages(model, x, y, epsilon, seeds).adversarial();
    }

    @Override
    public String toString() {
        return "AutoAttack(norm=" + norm + ", attacks=["
                + attacks.stream().map(Object::toString).collect(Collectors.joining(", ")) + "])";
    }

    /**
     * Suite-file entry {@code attack: autoattack} with {@code norm} and {@code attacks} (names or
     * mappings with their own parameters; default {@link #STANDARD}); each attack inherits the norm.
     */
    public static final class Factory implements AttackFactory {
        @Override
        public String name() {
            return "autoattack";
        }

        @Override
        public String description() {
            return "ensemble in sequence on still-robust samples, per-sample worst case (AutoAttack standard: "
                    + String.join(", ", STANDARD) + ")";
        }

        @Override
        public Attack create(Params p) {
            return create(p, null);
        }

        /** Resolves the member attacks through {@code plugins} (or the built-ins when null). */
        public Attack create(Params p, Plugins plugins) {
            String norm = Options.norm(p);
            List<Params> members = p.has("attacks") ? p.list("attacks")
                    : STANDARD.stream().map(s -> new Params(p.where() + ".attacks", java.util.Map.of("name", s))).toList();
            if (members.isEmpty()) {
                throw new ConfigException(p.where() + ".attacks: expected at least one attack");
            }
            List<String> names = new ArrayList<>();
            List<Attack> attacks = new ArrayList<>();
            for (Params m : members) {
                String name = m.string("attack", m.string("name", null));
                if (name == null || name.equals(name())) {
                    throw new ConfigException(m.where() + ": expected the name of an attack other than " + name());
                }
                java.util.Map<String, Object> values = new java.util.LinkedHashMap<>(m.asMap());
                values.remove("attack");
                values.remove("name");
                Object own = values.putIfAbsent("norm", norm);
                if (own != null && !Norms.check(own.toString(), m.where() + ".norm").equals(norm)) {
                    throw new ConfigException(m.where() + ".norm: " + own + " differs from the ensemble's norm " + norm);
                }
                Params sub = new Params(m.where(), values);
                attacks.add(factory(name, m.where(), plugins).create(sub));
                sub.checkNoUnknownKeys();
                names.add(name);
            }
            return new AutoAttack(norm, names, attacks);
        }

        private static AttackFactory factory(String name, String where, Plugins plugins) {
            if (plugins != null) {
                return plugins.get(AttackFactory.class, name, where + ".attack");
            }
            List<String> known = new ArrayList<>();
            for (AttackFactory f : ServiceLoader.load(AttackFactory.class, AutoAttack.class.getClassLoader())) {
                if (f.name().equals(name)) {
                    return f;
                }
                known.add(f.name());
            }
            throw new ConfigException(where + ".attack: unknown attack '" + name + "'; known: " + String.join(", ", known));
        }
    }
}
