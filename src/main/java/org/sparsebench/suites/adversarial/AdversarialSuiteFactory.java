package org.sparsebench.suites.adversarial;

import java.util.ArrayList;
import java.util.List;
import org.sparsebench.api.AttackFactory;
import org.sparsebench.api.ConfigException;
import org.sparsebench.api.Params;
import org.sparsebench.api.Plugins;
import org.sparsebench.api.Suite;
import org.sparsebench.api.SuiteFactory;

/**
 * Suite-file entry {@code type: adversarial} with a list {@code attacks}, each
 * {@code {attack: <name>, epsilons: [...], <attack parameters>}}.
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
            entries.add(new AdversarialSuite.Entry(name, f.create(a), eps));
            a.checkNoUnknownKeys();
        }
        if (entries.isEmpty()) {
            throw new ConfigException(p.where() + ": missing 'attacks', expected at least one attack");
        }
        p.checkNoUnknownKeys();
        return new AdversarialSuite(id, entries, p.asMap());
    }
}
