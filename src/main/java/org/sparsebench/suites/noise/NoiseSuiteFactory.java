package org.sparsebench.suites.noise;

import java.util.ArrayList;
import java.util.List;
import org.sparsebench.api.ConfigException;
import org.sparsebench.api.Corruption;
import org.sparsebench.api.Params;
import org.sparsebench.api.Plugins;
import org.sparsebench.api.Suite;
import org.sparsebench.api.SuiteFactory;

/**
 * Suite-file entry {@code type: noise}: {@code corruptions} (names of {@link Corruption} plugins,
 * default all), {@code severities} (1..5, default all five) and {@code baseline} (the model id CE and
 * mCE are normalized by, default {@value NoiseSuite#DEFAULT_BASELINE}).
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
        String baseline = p.string("baseline", NoiseSuite.DEFAULT_BASELINE);
        if (baseline.isBlank() || baseline.contains("/")) {
            throw new ConfigException(p.where() + ".baseline: expected a model id such as " + NoiseSuite.DEFAULT_BASELINE
                    + ", got '" + baseline + "'");
        }
        p.string("type", name());
        p.checkNoUnknownKeys();
        return new NoiseSuite(id, corruptions, severities, baseline, p.asMap());
    }
}
