package org.sparsebench.suites.adversarial;

import java.util.ArrayList;
import java.util.List;
import org.sparsebench.api.Attack;
import org.sparsebench.api.AttackFactory;
import org.sparsebench.api.ConfigException;
import org.sparsebench.api.Params;
import org.sparsebench.api.Plugins;
import org.sparsebench.api.Suite;
import org.sparsebench.api.SuiteFactory;

/**
 * Suite-file entry {@code type: adversarial} with a list {@code attacks}, each
 * {@code {attack: <name>, epsilons: [...], <attack parameters>}}, and {@code audit} (the
 * gradient-masking probe: {@code true}, {@code false} or {@code {samples, steps, epsilons}}; on by default).
 */
public final class AdversarialSuiteFactory implements SuiteFactory {

    @Override
    public String name() {
        return "adversarial";
    }

    @Override
    public String description() {
        return "robust accuracy under evasion attacks over an epsilon grid (L-inf, L2)";
    }

    @Override
    public Suite create(Params p, Plugins plugins) {
        String id = p.string("id", name());
        p.string("type", name());
        List<AdversarialSuite.Entry> entries = new ArrayList<>();
        for (Params a : p.list("attacks")) {
            String name = a.string("attack", a.string("name", null));
            if (name == null) {
                throw new ConfigException(a.where() + ": missing 'attack', expected an attack name");
            }
            AttackFactory f = plugins.get(AttackFactory.class, name, a.where() + ".attack");
            List<Double> eps = a.numbers("epsilons", null, 0, 1e6);
            if (eps == null) {
                throw new ConfigException(a.where() + ": missing 'epsilons', expected a list of budgets >= 0");
            }
            Attack attack = f instanceof AutoAttack.Factory aa ? aa.create(a, plugins) : f.create(a);
            entries.add(new AdversarialSuite.Entry(name, attack, eps));
            a.checkNoUnknownKeys();
        }
        if (entries.isEmpty()) {
            throw new ConfigException(p.where() + ": missing 'attacks', expected at least one attack");
        }
        GradientMaskingAudit.Settings audit = audit(p);
        p.checkNoUnknownKeys();
        return new AdversarialSuite(id, entries, p.asMap(), audit);
    }

    /** {@code audit: true|false} or {@code audit: {samples, steps, epsilons}}; on by default. */
    private static GradientMaskingAudit.Settings audit(Params p) {
        GradientMaskingAudit.Settings d = GradientMaskingAudit.Settings.DEFAULT;
        if (!p.has("audit")) {
            return d;
        }
        Object raw = p.asMap().get("audit");
        if (!(raw instanceof java.util.Map)) {
            return Options.bool(p, "audit", true) ? d : null;
        }
        Params a = p.map("audit");
        GradientMaskingAudit.Settings s = new GradientMaskingAudit.Settings(a.integer("samples", d.samples(), 1, 1_000_000),
                a.integer("steps", d.steps(), 1, 100_000), a.numbers("epsilons", d.epsilons(), 1e-6, 1));
        a.checkNoUnknownKeys();
        return s;
    }
}
