package org.sparsebench.suites.noise;

import java.util.ArrayList;
import java.util.List;
import org.sparsebench.api.Corruption;
import org.sparsebench.api.Params;
import org.sparsebench.api.Plugins;
import org.sparsebench.api.Suite;
import org.sparsebench.api.SuiteFactory;

/**
 * Suite-file entry {@code type: noise}: {@code corruptions} (names of {@link Corruption} plugins,
 * default all) and {@code severities} (1..5, default all five).
 */
public final class NoiseSuiteFactory implements SuiteFactory {

    @Override
    public String name() {
        return "noise";
    }

    @Override
    public String description() {
        return "accuracy under natural corruptions at severities 1-5 (ImageNet-C / MNIST-C style)";
    }

    @Override
    public Suite create(Params p, Plugins plugins) {
        String id = p.string("id", name());
        List<String> names = p.strings("corruptions", null);
        List<Corruption> corruptions = new ArrayList<>();
        if (names == null) {
            corruptions.addAll(plugins.all(Corruption.class));
        } else {
            for (int i = 0; i < names.size(); i++) {
                corruptions.add(plugins.get(Corruption.class, names.get(i), p.where() + ".corruptions[" + i + "]"));
            }
        }
        List<Integer> severities = p.integers("severities", List.of(1, 2, 3, 4, 5), Severities.MIN, Severities.MAX);
        p.string("type", name());
        p.checkNoUnknownKeys();
        return new NoiseSuite(id, corruptions, severities, p.asMap());
    }
}
