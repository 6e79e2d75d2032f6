package org.sparsebench.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParamsTest {

    @Test
    void unknownKeySuggestsTheClosestValidOne() {
        Params p = new Params("suites/x.yaml: suites[0]", Map.of("type", "noise", "severites", List.of(1, 2)));
        p.string("type");
        p.integers("severities", List.of(1), 1, 5);
        ConfigException e = assertThrows(ConfigException.class, p::checkNoUnknownKeys);
        assertTrue(e.getMessage().contains("suites/x.yaml: suites[0]: unknown key 'severites'"), e.getMessage());
        assertTrue(e.getMessage().contains("did you mean 'severities'"), e.getMessage());
    }

    @Test
    void outOfRangeValuesNameTheFieldAndTheRange() {
        Params p = new Params("f.yaml", Map.of("severities", List.of(1, 6)));
        ConfigException e = assertThrows(ConfigException.class, () -> p.integers("severities", null, 1, 5));
        assertEquals("f.yaml.severities[1]: 6 is out of range, expected 1 to 5", e.getMessage());
    }

    @Test
    void nonNumbersAreRejected() {
        Params p = new Params("f.yaml", Map.of("limit", "many"));
        ConfigException e = assertThrows(ConfigException.class, () -> p.integer("limit", 0, 0, 10));
        assertEquals("f.yaml.limit: expected a number, got 'many'", e.getMessage());
    }

    @Test
    void seedsDependOnlyOnRunSeedStreamAndIndex() {
        assertEquals(Seeds.of(1, "a", 5), Seeds.of(1, "a", new int[] {9, 5})[1]);
        assertTrue(Seeds.of(1, "a", 5) != Seeds.of(2, "a", 5));
        assertTrue(Seeds.of(1, "a", 5) != Seeds.of(1, "b", 5));
    }
}
