package org.sparsebench.suites.noise;

import java.util.SplittableRandom;

/**
 * A corruption that maps every value on its own (noise, quantization): subclasses give the map for
 * one value. Values are visited in planar order with one random stream per image.
 */
abstract class ValueCorruption extends ImageCorruption {

    ValueCorruption(String name, boolean random, String description, double... parameters) {
        super(name, "noise", random, description, parameters);
    }

    ValueCorruption(String name, String group, boolean random, String description, double... parameters) {
        super(name, group, random, description, parameters);
    }

    /** The corrupted value of {@code v} at the severity's {@code parameter}; may leave [0, 1]. */
    abstract double map(double v, double parameter, SplittableRandom random, NormalStream normal);

    @Override
    protected final void corrupt(FloatImage img, int severity, SplittableRandom random) {
        double p = parameter(severity);
        NormalStream normal = new NormalStream(random); // draws nothing until asked
        float[] d = img.data();
        for (int j = 0; j < d.length; j++) {
            d[j] = (float) map(d[j], p, random, normal);
        }
    }
}
