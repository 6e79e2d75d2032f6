package org.sparsebench.suites.adversarial;

import org.sparsebench.api.ConfigException;
import org.sparsebench.api.Params;

/** Suite-file values shared by the attack factories. */
final class Options {
    private Options() {
    }

    static boolean bool(Params p, String key, boolean fallback) {
        String v = p.string(key, null);
        if (v == null) {
            return fallback;
        }
        return switch (v.trim().toLowerCase()) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new ConfigException(p.where() + "." + key + ": expected true or false, got '" + v + "'");
        };
    }

    static String norm(Params p) {
        return Norms.check(p.string("norm", Norms.LINF), p.where() + ".norm");
    }

    static long seed(Params p) {
        return (long) p.number("seed", 0, 0, 9.007199254740992E15);
    }
}
