package org.sparsebench.data;

import java.util.Arrays;
import org.sparsebench.api.Dataset;
import org.sparsebench.api.Seeds;

/**
 * Picks {@code n} sample indices stratified by class. Class {@code c} with {@code k_c} of the
 * {@code size} samples gets {@code floor(n·k_c/size)} places; the places left over go one each to
 * the classes with the largest remainders {@code n·k_c mod size} (ties: lower class first). Within a
 * class the members are ordered by a key that depends only on the seed and the sample index
 * ({@link Seeds#of}, SplitMix64), which is a seeded shuffle reproducible on any JVM; the first
 * members of that order are taken. The result is sorted ascending so batches are reproducible.
 */
public final class StratifiedSampler {
    /** Stream name under which the shuffle keys are derived from the seed. */
    static final String STREAM = "stratified-sample";

    private StratifiedSampler() {
    }

    /** Stratified sample of {@code data}'s indices; see {@link #sample(int[], int, long)}. */
    public static int[] sample(Dataset data, int n, long seed) {
        int[] labels = new int[data.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = data.label(i);
        }
        return sample(labels, n, seed);
    }

    /**
     * @param labels the class of each sample, non-negative
     * @param n how many samples to take; when {@code n >= labels.length} all indices are returned
     * @return distinct indices into {@code labels}, ascending; never null
     * @throws IllegalArgumentException when {@code n <= 0} or a label is negative
     */
    public static int[] sample(int[] labels, int n, long seed) {
        if (n <= 0) {
            throw new IllegalArgumentException("sample size must be positive, got " + n);
        }
        int numClasses = 0;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0) {
                throw new IllegalArgumentException("label " + labels[i] + " of sample " + i + " is negative");
            }
            numClasses = Math.max(numClasses, labels[i] + 1);
        }
        int size = labels.length;
        if (n >= size) {
            int[] all = new int[size];
            Arrays.setAll(all, i -> i);
            return all;
        }

        int[][] members = membersByClass(labels, numClasses);
        int[] quota = quotas(members, n, size);
        int[] out = new int[n];
        int filled = 0;
        for (int c = 0; c < numClasses; c++) {
            int[] chosen = firstByKey(members[c], quota[c], seed);
            System.arraycopy(chosen, 0, out, filled, chosen.length);
            filled += chosen.length;
        }
        Arrays.sort(out);
        return out;
    }

    /** Largest-remainder apportionment of {@code n} places to classes in proportion to their sizes. */
    static int[] quotas(int[][] members, int n, int size) {
        int numClasses = members.length;
        int[] quota = new int[numClasses];
        long[] remainder = new long[numClasses];
        int given = 0;
        for (int c = 0; c < numClasses; c++) {
            long share = (long) n * members[c].length;
            quota[c] = (int) (share / size);
            remainder[c] = share % size;
            given += quota[c];
        }
        Integer[] order = new Integer[numClasses];
        Arrays.setAll(order, c -> c);
        // Stable sort: equal remainders keep the lower class first.
        Arrays.sort(order, (a, b) -> Long.compare(remainder[b], remainder[a]));
        for (int k = 0; given < n; k++) {
            quota[order[k]]++;
            given++;
        }
        return quota;
    }

    private static int[][] membersByClass(int[] labels, int numClasses) {
        int[] counts = new int[numClasses];
        for (int y : labels) {
            counts[y]++;
        }
        int[][] members = new int[numClasses][];
        for (int c = 0; c < numClasses; c++) {
            members[c] = new int[counts[c]];
        }
        int[] fill = new int[numClasses];
        for (int i = 0; i < labels.length; i++) {
            members[labels[i]][fill[labels[i]]++] = i;
        }
        return members;
    }

    /** The {@code k} members with the smallest shuffle keys (ties, practically absent: lower index). */
    private static int[] firstByKey(int[] members, int k, long seed) {
        long[][] keyed = new long[members.length][];
        for (int j = 0; j < members.length; j++) {
            keyed[j] = new long[] {Seeds.of(seed, STREAM, members[j]), members[j]};
        }
        Arrays.sort(keyed, (a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        int[] out = new int[k];
        for (int j = 0; j < k; j++) {
            out[j] = (int) keyed[j][1];
        }
        return out;
    }
}
