package org.sparsebench.compare;

import java.util.HashMap;
import java.util.Map;
import org.sparsebench.api.Columns;

/**
 * Whether two conditions were scored on the same samples, and which row of the second matches
 * each row of the first. A sample is identified by its {@code index} column and, where present,
 * its {@code ood} flag (in- and out-of-distribution sets have their own index ranges). Paired
 * only when both sides hold exactly the same sample keys, each once.
 */
final class Alignment {
    final boolean paired;
    /** {@code toSecond[i]} is the row of the second condition holding the first's row i. */
    final int[] toSecond;
    final String reason;

    private Alignment(boolean paired, int[] toSecond, String reason) {
        this.paired = paired;
        this.toSecond = toSecond;
        this.reason = reason;
    }

    static Alignment of(Columns first, Columns second) {
        int[] ia = first.ints("index");
        int[] ib = second.ints("index");
        if (ia == null || ib == null) {
            return new Alignment(false, null, "no per-sample index");
        }
        if (ia.length != ib.length) {
            return new Alignment(false, null, "different samples (" + ia.length + " vs " + ib.length + ")");
        }
        int[] oa = first.ints("ood");
        int[] ob = second.ints("ood");
        Map<Long, Integer> rowOfB = new HashMap<>();
        for (int r = 0; r < ib.length; r++) {
            if (rowOfB.put(key(ib[r], ob, r), r) != null) {
                return new Alignment(false, null, "repeated sample index");
            }
        }
        int[] map = new int[ia.length];
        java.util.BitSet seen = new java.util.BitSet(ia.length);
        for (int r = 0; r < ia.length; r++) {
            Integer s = rowOfB.get(key(ia[r], oa, r));
            if (s == null || seen.get(s)) {
                return new Alignment(false, null, "different samples");
            }
            seen.set(s);
            map[r] = s;
        }
        int[] la = first.ints("label");
        int[] lb = second.ints("label");
        if (la != null && lb != null) {
            for (int r = 0; r < la.length; r++) {
                if (la[r] != lb[map[r]]) {
                    throw new UnusableInputException("sample " + ia[r] + " has label " + la[r] + " in the baseline but "
                            + lb[map[r]] + " in the current run: the runs used different data");
                }
            }
        }
        return new Alignment(true, map, "same samples");
    }

    private static long key(int index, int[] ood, int row) {
        return ((long) (ood == null ? 0 : ood[row]) << 32) | (index & 0xffffffffL);
    }
}
