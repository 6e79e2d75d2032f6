package org.sparsebench.sparse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class MutualCoherenceTest {
    @Test
    void knownDictionaries() {
        // orthonormal atoms: 0; e1 and (e1 + e2)/sqrt2: cos 45° = 1/sqrt2 (scale of an atom does not matter);
        // an atom and its negative: 1
        assertEquals(0, MutualCoherence.of(Nd4j.eye(4)), 1e-15);
        assertEquals(Math.sqrt(0.5), MutualCoherence.of(Nd4j.createFromArray(new double[][] {{3, 0}, {1, 1}})), 1e-15);
        assertEquals(1, MutualCoherence.of(Nd4j.createFromArray(new double[][] {{1, 2, 0}, {-2, -4, 0}, {0, 0, 1}})),
                1e-15);
        // OIHW filters are flattened per output channel: two 1x1x2 filters (1,0) and (0.6,0.8): 0.6
        assertEquals(0.6, MutualCoherence.of(Nd4j.createFromArray(new double[] {1, 0, 0.6, 0.8}).reshape(2, 2, 1, 1)),
                1e-15);
    }
}
