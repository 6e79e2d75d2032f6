package org.sparsebench.api;

import java.util.List;

/**
 * Lookup of discovered plugins by kind and name; unknown names end in a {@link ConfigException}
 * that lists the valid ones.
 */
public interface Plugins {

    <T extends Plugin> T get(Class<T> kind, String name, String where);

    <T extends Plugin> List<T> all(Class<T> kind);
}
