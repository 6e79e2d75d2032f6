package org.sparsebench.suites.noise;

import java.util.List;
import java.util.ServiceLoader;
import org.sparsebench.api.Corruption;

/** Every built-in corruption, as the services file lists them. */
final class AllCorruptions {
    private AllCorruptions() {
    }

    static List<ImageCorruption> list() {
        return ServiceLoader.load(Corruption.class).stream().map(ServiceLoader.Provider::get)
                .filter(ImageCorruption.class::isInstance).map(ImageCorruption.class::cast).toList();
    }
}
