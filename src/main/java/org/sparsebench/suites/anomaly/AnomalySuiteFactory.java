package org.sparsebench.suites.anomaly;

import java.util.ArrayList;
import java.util.List;
import org.sparsebench.api.OodScore;
import org.sparsebench.api.Params;
import org.sparsebench.api.Plugins;
import org.sparsebench.api.Suite;
import org.sparsebench.api.SuiteFactory;

/**
 * Suite-file entry {@code type: anomaly}: {@code out} (dataset ids, default {@code mnist-test}) and
 * {@code scores} (names of {@link OodScore} plugins, default all).
 */
public final class AnomalySuiteFactory implements SuiteFactory {

    @Override
    public String name() {
        return "anomaly";
    }

    @Override
    public String description() {
        return "out-of-distribution detection: AUROC and FPR@95TPR of detector scores";
    }

    @Override
    public Suite create(Params p, Plugins plugins) {
        String id = p.string("id", name());
        p.string("type", name());
        List<String> out = p.strings("out", List.of("mnist-test"));
        List<String> names = p.strings("scores", null);
        List<OodScore> scores = new ArrayList<>();
        if (names == null) {
            scores.addAll(plugins.all(OodScore.class));
        } else {
            for (int i = 0; i < names.size(); i++) {
                scores.add(plugins.get(OodScore.class, names.get(i), p.where() + ".scores[" + i + "]"));
            }
        }
        p.checkNoUnknownKeys();
        return new AnomalySuite(id, out, scores, p.asMap());
    }
}
