package org.sparsebench.api;

/**
 * Derives independent seeds from a run seed, a stream name and a sample index (SplitMix64
 * finalizer). A sample's random stream depends only on these, never on batch or shard layout.
 */
public final class Seeds {
    private Seeds() {
    }

    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** Seed for one sample of one named stream. */
    public static long of(long runSeed, String stream, long sampleIndex) {
        long h = runSeed;
        for (int i = 0; i < stream.length(); i++) {
            h = mix(h + stream.charAt(i) * 0x9e3779b97f4a7c15L);
        }
        return mix(h + 0x9e3779b97f4a7c15L * (sampleIndex + 1));
    }

    /** Seeds for a batch of samples. */
    public static long[] of(long runSeed, String stream, int[] sampleIndices) {
        long[] out = new long[sampleIndices.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = of(runSeed, stream, sampleIndices[i]);
        }
        return out;
    }
}
