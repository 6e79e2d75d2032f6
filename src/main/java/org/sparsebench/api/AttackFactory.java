package org.sparsebench.api;

/** Builds an {@link Attack} from its suite-file entry. */
public interface AttackFactory extends Plugin {
    Attack create(Params params);
}
