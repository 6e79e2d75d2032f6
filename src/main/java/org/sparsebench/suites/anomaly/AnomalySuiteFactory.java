package org.sparsebench.suites.anomaly;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.sparsebench.api.ConfigException;
import org.sparsebench.api.Corruption;
import org.sparsebench.api.OodScore;
import org.sparsebench.api.Params;
import org.sparsebench.api.Plugins;
import org.sparsebench.api.Suggest;
import org.sparsebench.api.Suite;
import org.sparsebench.data.Datasets;
import org.sparsebench.suites.support.SiblingSuiteFactory;

/**
 * Suite-file entry {@code type: anomaly}:
 * <ul>
 *   <li>{@code out}: OOD sets, each a name — a dataset id ({@code mnist-test}), a generated set
 *       ({@code uniform-noise}, {@code gaussian-noise}, {@code blobs}, {@code constant}) or
 *       {@code inverted} — or a mapping {@code {corruption: gaussian-noise, severity: 5}} for near-OOD
 *       corrupted in-distribution images; any entry may set {@code group: near|far}. Default
 *       {@code [mnist-test]}.</li>
 *   <li>{@code scores}: {@link OodScore} names or mappings {@code {name: energy, temperature: 2}}; default all.</li>
 *   <li>{@code fit}: {@code {data: <dataset id>, size: 5000}} for fitted scores; default: the run's
 *       data minus the evaluated samples (see {@link FitSplit}).</li>
 *   <li>{@code bootstrap}: replicates for the AUPR/FPR95 intervals (default 1000, 0 = none).</li>
 *   <li>{@code reference}: the score every other score is compared with by DeLong's test (default
 *       {@code msp} when listed, else the first).</li>
 *   <li>{@code perturbations}: the noise and adversarial suites of the same file whose perturbed
 *       inputs the scores should flag, clean vs perturbed copy (default {@code from-run}: all of them,
 *       the highest severity per corruption and every ε; {@code false}: none); see {@link Perturbations}.</li>
 * </ul>
 */
public final class AnomalySuiteFactory implements SiblingSuiteFactory {
    /** The set names besides dataset ids. */
    static final List<String> GENERATED = List.of("uniform-noise", "gaussian-noise", "blobs", "constant", "inverted");

    @Override
    public String name() {
        return "anomaly";
    }

    @Override
    public String description() {
        return "out-of-distribution detection: AUROC, AUPR-In/Out, FPR95 (both conventions) of detector scores";
    }

    @Override
    public Suite create(Params p, Plugins plugins, List<Suite> siblings) {
        String id = p.string("id", name());
        p.string("type", name());
        List<OodSet> sets = new ArrayList<>();
        List<Params> outs = p.list("out");
        if (outs.isEmpty() && !p.has("out")) {
            sets.add(new DatasetOodSet(Datasets.MNIST_TEST, OodSet.Group.FAR));
        }
        for (Params o : outs) {
            sets.add(set(o, plugins));
        }
        unique(sets.stream().map(OodSet::id).toList(), p.where() + ".out", "OOD set");
        List<PerturbedSet> perturbed = Perturbations.select(p, siblings);
        if (sets.isEmpty() && perturbed.isEmpty()) {
            throw new ConfigException(p.where() + ".out: expected at least one OOD set");
        }

        List<OodScore> scores = new ArrayList<>();
        List<Params> entries = p.list("scores");
        if (entries.isEmpty()) {
            if (p.has("scores")) {
                throw new ConfigException(p.where() + ".scores: expected at least one score");
            }
            scores.addAll(plugins.all(OodScore.class));
        }
        for (Params s : entries) {
            scores.add(score(s, plugins));
        }
        unique(scores.stream().map(OodScore::name).toList(), p.where() + ".scores", "score");

        Params fitP = p.map("fit");
        String fitData = fitP.string("data", null);
        if (fitData != null && !Datasets.IDS.contains(fitData)) {
            throw new ConfigException(fitP.where() + ".data: unknown dataset '" + fitData + "'" + hint(fitData, Datasets.IDS)
                    + "; valid ids: " + String.join(", ", Datasets.IDS));
        }
        FitSplit fit = new FitSplit(fitData, fitP.integer("size", FitSplit.DEFAULT_SIZE, 1, 10_000_000));
        fitP.checkNoUnknownKeys();

        int replicates = p.integer("bootstrap", AnomalySuite.DEFAULT_REPLICATES, 0, 1_000_000);
        List<String> names = scores.stream().map(OodScore::name).toList();
        String reference = p.string("reference", names.contains("msp") ? "msp" : names.get(0));
        if (!names.contains(reference)) {
            throw new ConfigException(p.where() + ".reference: '" + reference + "' is not among the scores "
                    + String.join(", ", names));
        }
        p.checkNoUnknownKeys();
        return new AnomalySuite(id, sets, perturbed, scores, fit, replicates, reference, p.asMap());
    }

    private static OodSet set(Params o, Plugins plugins) {
        String groupName = o.string("group", null);
        OodSet set;
        if (o.has("corruption")) {
            Corruption c = plugins.get(Corruption.class, o.string("corruption"), o.where() + ".corruption");
            int severity = o.integer("severity", 5, 1, 5);
            set = TransformedOodSet.corrupted(c, severity, group(o, groupName, OodSet.Group.NEAR));
        } else {
            String name = o.string("name");
            OodSet.Group g = group(o, groupName, OodSet.Group.FAR);
            if (name.equals("inverted")) {
                set = TransformedOodSet.inverted(g);
            } else if (GENERATED.contains(name)) {
                set = new GeneratedOodSet(GeneratedOodSet.Kind.valueOf(name.toUpperCase(java.util.Locale.ROOT)
                        .replace('-', '_')), g);
            } else if (Datasets.IDS.contains(name)) {
                set = new DatasetOodSet(name, g);
            } else {
                List<String> valid = new ArrayList<>(Datasets.IDS);
                valid.addAll(GENERATED);
                throw new ConfigException(o.where() + ": unknown OOD set '" + name + "'" + hint(name, valid)
                        + "; valid: " + String.join(", ", valid) + ", or {corruption: <name>, severity: 1-5}");
            }
        }
        o.checkNoUnknownKeys();
        return set;
    }

    private static OodSet.Group group(Params o, String name, OodSet.Group fallback) {
        if (name == null) {
            return fallback;
        }
        return switch (name) {
            case "near" -> OodSet.Group.NEAR;
            case "far" -> OodSet.Group.FAR;
            default -> throw new ConfigException(o.where() + ".group: expected near or far, got '" + name + "'");
        };
    }

    private static OodScore score(Params s, Plugins plugins) {
        OodScore score = plugins.get(OodScore.class, s.string("name"), s.where());
        if (score instanceof ConfigurableScore c) {
            score = c.configure(s);
        }
        s.checkNoUnknownKeys();
        return score;
    }

    private static void unique(List<String> ids, String where, String what) {
        Set<String> seen = new LinkedHashSet<>();
        for (String i : ids) {
            if (!seen.add(i)) {
                throw new ConfigException(where + ": " + what + " '" + i + "' is listed twice");
            }
        }
    }

    private static String hint(String word, List<String> valid) {
        String h = Suggest.closest(word, valid);
        return h == null ? "" : " (did you mean '" + h + "'?)";
    }
}
