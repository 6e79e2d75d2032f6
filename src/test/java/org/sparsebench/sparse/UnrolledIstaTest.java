package org.sparsebench.sparse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The unrolled non-negative ISTA layer against an explicit-matrix reference. */
class UnrolledIstaTest {

    /** Graph of one ISTA layer (NCHW, float64); returns the K + 1 codes for input x. */
    static List<INDArray> codes(double[][][][] w, double[] lambda, double eta, int k, INDArray x) {
        SameDiff sd = SameDiff.create();
        sd.setEnableCache(false);
        SDVariable in = sd.placeHolder("x", DataType.DOUBLE, x.shape());
        SDVariable kernel = sd.var("W", Reference.oihw(w).permute(2, 3, 1, 0).dup('c'));
        SDVariable lam = sd.constant("lambda", Nd4j.createFromArray(lambda));
        List<SDVariable> c = UnrolledIsta.codes(sd, "c", "out", in, kernel, lam.neg(), lam,
                sd.constant("eta", Nd4j.scalar(eta)), k, w[0][0].length, false);
        String[] names = c.stream().map(SDVariable::name).toArray(String[]::new);
        Map<String, INDArray> r = sd.output(Map.of("x", x), names);
        List<INDArray> out = new ArrayList<>();
        for (String n : names) {
            out.add(r.get(n));
        }
        return out;
    }

    static INDArray random(SplittableRandom rng, long... shape) {
        INDArray a = Nd4j.create(DataType.DOUBLE, shape);
        for (long i = 0; i < a.length(); i++) {
            a.putScalar(i, rng.nextGaussian());
        }
        return a;
    }

    static double largestEigenOfDDt(double[][] d) {
        return Math.pow(new SingularValueDecomposition(new Array2DRowRealMatrix(d)).getSingularValues()[0], 2);
    }

    @Test
    void convolutionsAreTheDictionaryAndItsTranspose() {
        // known answer: the explicit matrix of Reference.dictionary (loops over the definition)
        SplittableRandom rng = new SplittableRandom(1);
        double[][][][] w = Reference.randomFilters(rng, 3, 2, 3);
        double[][] d = Reference.dictionary(w, 5, 4);
        ConvDictionary dict = ConvDictionary.of(Reference.oihw(w));
        INDArray x = random(rng, 1, 2, 5, 4);
        INDArray a = random(rng, 1, 3, 5, 4);
        INDArray dtx = dict.analysis(x);
        INDArray da = dict.synthesis(a);
        for (int j = 0; j < d[0].length; j++) {
            double e = 0;
            for (int i = 0; i < d.length; i++) {
                e += d[i][j] * x.getDouble(i);
            }
            assertEquals(e, dtx.getDouble(j), 1e-12);
        }
        for (int i = 0; i < d.length; i++) {
            double e = 0;
            for (int j = 0; j < d[0].length; j++) {
                e += d[i][j] * a.getDouble(j);
            }
            assertEquals(e, da.getDouble(i), 1e-12);
        }
    }

    @Test
    void powerIterationFindsTheSpectralNorm() {
        // known answer: the largest singular value of the explicit matrix, by Commons Math's SVD
        double[][][][] w = Reference.randomFilters(new SplittableRandom(2), 4, 2, 3);
        double expected = largestEigenOfDDt(Reference.dictionary(w, 6, 6));
        double got = ConvDictionary.of(Reference.oihw(w)).normSquared(6, 6, 5000, 7);
        assertEquals(expected, got, 1e-6 * expected);
    }

    @Test
    void zeroIterationsIsConvPlusRelu() {
        SplittableRandom rng = new SplittableRandom(3);
        double[][][][] w = Reference.randomFilters(rng, 3, 2, 3);
        double[] lambda = {0.1, 0.2, 0.05};
        INDArray x = random(rng, 2, 2, 5, 5);
        INDArray a0 = codes(w, lambda, 0.1, 0, x).get(0);
        INDArray dtx = ConvDictionary.of(Reference.oihw(w)).analysis(x);
        for (long i = 0; i < a0.length(); i++) {
            double lam = lambda[(int) (i / 25 % 3)];
            assertEquals(Math.max(dtx.getDouble(i) - lam, 0), a0.getDouble(i), 1e-12);
        }
    }

    @Test
    void objectiveNeverIncreasesAcrossIterations() {
        // ISTA with η ≤ 1/‖D‖² is a majorization-minimization: F(a_{k+1}) ≤ F(a_k) (Beck & Teboulle 2009, Lemma 2.3)
        SplittableRandom rng = new SplittableRandom(4);
        double[][][][] w = Reference.randomFilters(rng, 4, 2, 3);
        double[] lambda = {0.05, 0.2, 0.1, 0.01};
        INDArray x = random(rng, 2, 2, 6, 6);
        ConvDictionary dict = ConvDictionary.of(Reference.oihw(w));
        double eta = 0.9 / dict.normSquared(6, 6, 5000, 1);
        List<INDArray> a = codes(w, lambda, eta, 25, x);
        INDArray lam = Nd4j.createFromArray(lambda);
        for (int n = 0; n < 2; n++) {
            double prev = Double.POSITIVE_INFINITY;
            for (int k = 0; k < a.size(); k++) {
                double f = dict.objective(x, a.get(k), lam)[n];
                assertTrue(f <= prev + 1e-12 * Math.abs(prev), "sample " + n + " iteration " + k + ": " + f + " > " + prev);
                prev = f;
            }
            assertTrue(dict.objective(x, a.get(25), lam)[n] < dict.objective(x, a.get(0), lam)[n] * 0.9,
                    "the iterations make real progress");
        }
    }

    @Test
    void manyIterationsReachTheReferenceOptimum() {
        // small random problem: one atom on 2 channels, 5x5 (25 unknowns, 50 equations), a centre tap of 1 plus
        // noise of std 0.1 per tap: strongly convex and well conditioned, so 60 ISTA steps converge (linear rate)
        SplittableRandom rng = new SplittableRandom(6);
        double[][][][] w = Reference.randomFilters(rng, 1, 2, 3);
        for (double[][] ch : w[0]) {
            for (double[] row : ch) {
                for (int j = 0; j < row.length; j++) {
                    row[j] *= 0.2;
                }
            }
            ch[1][1] += 1;
        }
        double[] lambda = {0.3};
        INDArray x = random(rng, 1, 2, 5, 5);
        double[][] d = Reference.dictionary(w, 5, 5);
        double[] l = Reference.perCoefficient(lambda, 25);
        double[] opt = Reference.lasso(d, x.reshape(-1).toDoubleVector(), l, true);
        double eta = 0.9 / largestEigenOfDDt(d);
        List<INDArray> a = codes(w, lambda, eta, 60, x);
        double[] got = a.get(60).reshape(-1).toDoubleVector();
        double fOpt = Reference.objective(d, x.reshape(-1).toDoubleVector(), opt, l);
        double fGot = Reference.objective(d, x.reshape(-1).toDoubleVector(), got, l);
        assertEquals(fOpt, fGot, 1e-9 * fOpt, "objective at the optimum");
        int zeros = 0;
        for (double v : opt) {
            zeros += v == 0 ? 1 : 0;
        }
        assertTrue(zeros > 0 && zeros < opt.length, "the non-negativity constraint is active for some codes only");
        assertTrue(fGot < Reference.objective(d, x.reshape(-1).toDoubleVector(), a.get(0).reshape(-1).toDoubleVector(), l),
                "one thresholding step is not yet the optimum");
        for (int j = 0; j < opt.length; j++) {
            assertEquals(opt[j], got[j], 1e-5, "code " + j);
        }
    }
}
