package org.sparsebench.suites.adversarial;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparsebench.api.Attack;
import org.sparsebench.api.AttackFactory;
import org.sparsebench.api.Bounds;
import org.sparsebench.api.Model;
import org.sparsebench.api.Params;

/**
 * Square Attack (Andriushchenko et al. 2020), score-based and gradient-free: random search over
 * square-shaped updates that minimizes the margin {@code z_y − max_{j≠y} z_j}, accepting a candidate
 * only when it lowers the margin, until the sample is misclassified or {@code queries} forward
 * passes are spent. The square's area is {@code p·H·W} with p from {@code pInit} on AutoAttack's
 * piecewise schedule (halved at 10, 50, 200, 500, 1k, 2k, 4k, 6k, 8k of 10k iterations, rescaled to
 * the budget). L∞: vertical-stripe start, squares of ±ε per channel. L2: a grid of pseudo-Gaussian
 * bumps as start; each update moves the mass of a second window into a new bump of the first one,
 * keeping ‖δ‖₂ = ε. Each sample draws its squares from its own seed, so results do not depend on
 * batching; the candidates are built on the host (one image per sample and query).
 */
public final class Square extends FixedEpsilonAttack {
    private final int queries;
    private final double pInit;
    private final long seed;

    public Square(String norm, int queries, double pInit, long seed) {
        super(norm);
        if (queries < 1 || !(pInit > 0 && pInit <= 1)) {
            throw new IllegalArgumentException("queries >= 1 and 0 < pInit <= 1 required");
        }
        this.queries = queries;
        this.pInit = pInit;
        this.seed = seed;
    }

    /** AutoAttack's piecewise-constant schedule of the square's area fraction. */
    double p(int iteration) {
        int it = (int) ((long) iteration * 10_000 / queries);
        int[] at = {10, 50, 200, 500, 1000, 2000, 4000, 6000, 8000};
        double p = pInit;
        for (int a : at) {
            if (it > a) {
                p /= 2;
            }
        }
        return p;
    }

    @Override
    protected INDArray perturb(Model model, INDArray x, int[] y, double eps, long[] seeds) {
        long[] shape = x.shape();
        int c = (int) shape[1];
        int h = (int) shape[2];
        int w = (int) shape[3];
        int n = y.length;
        int d = c * h * w;
        Bounds box = model.bounds();
        boolean linf = Norms.LINF.equals(norm());
        float[][] x0 = Rows.flat(x).toFloatMatrix();
        float[][] best = new float[n][];
        SplittableRandom[] rnd = new SplittableRandom[n];
        for (int i = 0; i < n; i++) {
            rnd[i] = new SplittableRandom(seeds[i] ^ Rows.derive(seed, 7));
            best[i] = linf ? stripes(x0[i], c, h, w, eps, box, rnd[i]) : gridStart(x0[i], c, h, w, eps, box, rnd[i]);
        }
        double[] margin = margins(model, best, shape, y, Rows.range(n));
        int[] act = java.util.stream.IntStream.range(0, n).filter(i -> margin[i] > 0).toArray();
        for (int it = 1; it < queries && act.length > 0; it++) {
            double p = p(it - 1);
            float[][] cand = new float[act.length][];
            for (int a = 0; a < act.length; a++) {
                int i = act[a];
                cand[a] = linf ? linfStep(x0[i], best[i], c, h, w, eps, p, box, rnd[i])
                        : l2Step(x0[i], best[i], c, h, w, eps, p, box, rnd[i]);
            }
            double[] m = margins(model, cand, shape, y, act);
            int kept = 0;
            for (int a = 0; a < act.length; a++) {
                int i = act[a];
                if (m[a] < margin[i]) {
                    margin[i] = m[a];
                    best[i] = cand[a];
                }
                if (margin[i] > 0) {
                    act[kept++] = i;
                }
            }
            act = java.util.Arrays.copyOf(act, kept);
        }
        return Rows.image(Nd4j.create(best), shape);
    }

    private static double[] margins(Model model, float[][] rows, long[] shape, int[] y, int[] which) {
        INDArray logits = model.logits(Rows.image(Nd4j.create(rows), shape));
        Rows.predict(model.id(), logits); // refuses non-finite output
        return Rows.margin(Rows.host(logits), Rows.take(y, which), null);
    }

    private static float clip(double v, Bounds b) {
        return (float) Math.min(Math.max(v, b.lower()), b.upper());
    }

    private static float[] stripes(float[] x0, int c, int h, int w, double eps, Bounds box, SplittableRandom r) {
        float[] out = new float[x0.length];
        for (int ch = 0; ch < c; ch++) {
            for (int col = 0; col < w; col++) {
                double s = r.nextBoolean() ? eps : -eps;
                for (int row = 0; row < h; row++) {
                    int j = (ch * h + row) * w + col;
                    out[j] = clip(x0[j] + s, box);
                }
            }
        }
        return out;
    }

    private float[] linfStep(float[] x0, float[] best, int c, int h, int w, double eps, double p, Bounds box,
            SplittableRandom r) {
        int s = (int) Math.min(Math.max(Math.round(Math.sqrt(p * h * w)), 1), Math.min(h, w));
        int vh = r.nextInt(h - s + 1);
        int vw = r.nextInt(w - s + 1);
        float[] out = best.clone();
        for (int tries = 0; tries < 10; tries++) {
            boolean changed = false;
            for (int ch = 0; ch < c; ch++) {
                double sign = r.nextBoolean() ? eps : -eps;
                for (int i = vh; i < vh + s; i++) {
                    for (int j = vw; j < vw + s; j++) {
                        int k = (ch * h + i) * w + j;
                        out[k] = clip(x0[k] + sign, box);
                        changed |= Math.abs(out[k] - best[k]) > 1e-7;
                    }
                }
            }
            if (changed) {
                break;
            }
        }
        return out;
    }

    /** AutoAttack's "rectangles" bump: nested rectangles of weight 1/(r+1)², unit L2 norm. */
    static double[][] rectangles(int x, int y) {
        double[][] delta = new double[x][y];
        int xc = x / 2 + 1;
        int yc = y / 2 + 1;
        int c0 = xc - 1;
        int c1 = yc - 1;
        for (int counter = 0; counter < Math.max(xc, yc); counter++) {
            for (int i = Math.max(c0, 0); i < Math.min(c0 + 2 * counter + 1, x); i++) {
                for (int j = Math.max(c1, 0); j < Math.min(c1 + 2 * counter + 1, y); j++) {
                    delta[i][j] += 1.0 / ((counter + 1) * (counter + 1));
                }
            }
            c0--;
            c1--;
        }
        return normalize(delta);
    }

    /** Two opposite-signed bumps side by side, unit L2 norm, randomly transposed. */
    static double[][] bump(int s, SplittableRandom r) {
        double[][] top = rectangles(s / 2, s);
        double[][] bottom = rectangles(s - s / 2, s);
        double[][] d = new double[s][s];
        for (int i = 0; i < s; i++) {
            for (int j = 0; j < s; j++) {
                d[i][j] = i < s / 2 ? top[i][j] : -bottom[i - s / 2][j];
            }
        }
        d = normalize(d);
        if (r.nextBoolean()) {
            double[][] t = new double[s][s];
            for (int i = 0; i < s; i++) {
                for (int j = 0; j < s; j++) {
                    t[i][j] = d[j][i];
                }
            }
            d = t;
        }
        return d;
    }

    private static double[][] normalize(double[][] d) {
        double n = 0;
        for (double[] row : d) {
            for (double v : row) {
                n += v * v;
            }
        }
        n = Math.sqrt(n);
        for (double[] row : d) {
            for (int j = 0; j < row.length; j++) {
                row[j] = n > 0 ? row[j] / n : 0;
            }
        }
        return d;
    }

    private static float[] gridStart(float[] x0, int c, int h, int w, double eps, Bounds box, SplittableRandom r) {
        double[] delta = new double[x0.length];
        int s = Math.max(h / 5, 1);
        int start = (h - s * 5) / 2;
        for (int vh = start; vh + s <= h; vh += s) {
            for (int vw = start; vw + s <= w; vw += s) {
                double[][] b = bump(s, r);
                for (int ch = 0; ch < c; ch++) {
                    double sign = r.nextBoolean() ? 1 : -1;
                    for (int i = 0; i < s; i++) {
                        for (int j = 0; j < s; j++) {
                            delta[(ch * h + vh + i) * w + vw + j] += sign * b[i][j];
                        }
                    }
                }
            }
        }
        return apply(x0, delta, eps, box);
    }

    /** {@code clip(x0 + ε·δ/‖δ‖₂)}. */
    private static float[] apply(float[] x0, double[] delta, double eps, Bounds box) {
        double n = 0;
        for (double v : delta) {
            n += v * v;
        }
        double scale = eps / Math.max(Math.sqrt(n), 1e-12);
        float[] out = new float[x0.length];
        for (int j = 0; j < out.length; j++) {
            out[j] = clip(x0[j] + scale * delta[j], box);
        }
        return out;
    }

    private float[] l2Step(float[] x0, float[] best, int c, int h, int w, double eps, double p, Bounds box,
            SplittableRandom r) {
        int s = (int) Math.max(Math.round(Math.sqrt(p * h * w)), 3);
        if (s % 2 == 0) {
            s++;
        }
        s = Math.min(s, Math.min(h, w));
        int vh = r.nextInt(h - s + 1);
        int vw = r.nextInt(w - s + 1);
        int vh2 = r.nextInt(h - s + 1);
        int vw2 = r.nextInt(w - s + 1);
        double[] delta = new double[x0.length];
        double normImage = 0;
        double normWindows = 0;
        for (int ch = 0; ch < c; ch++) {
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < w; j++) {
                    int k = (ch * h + i) * w + j;
                    delta[k] = best[k] - x0[k];
                    normImage += delta[k] * delta[k];
                    boolean in1 = i >= vh && i < vh + s && j >= vw && j < vw + s;
                    boolean in2 = i >= vh2 && i < vh2 + s && j >= vw2 && j < vw2 + s;
                    if (in1 || in2) {
                        normWindows += delta[k] * delta[k];
                    }
                }
            }
        }
        normImage = Math.sqrt(normImage);
        // Mass available to the new bump: what the two windows held plus what the budget still allows.
        double mass = Math.sqrt(Math.max(eps * eps - normImage * normImage, 0) / c + normWindows);
        double[][] b = bump(s, r);
        double[][][] fresh = new double[c][s][s];
        for (int ch = 0; ch < c; ch++) {
            double old = 0;
            for (int i = 0; i < s; i++) {
                for (int j = 0; j < s; j++) {
                    double v = delta[(ch * h + vh + i) * w + vw + j];
                    old += v * v;
                }
            }
            old = Math.sqrt(old);
            double sign = r.nextBoolean() ? 1 : -1;
            double n = 0;
            for (int i = 0; i < s; i++) {
                for (int j = 0; j < s; j++) {
                    fresh[ch][i][j] = sign * b[i][j] + delta[(ch * h + vh + i) * w + vw + j] / (1e-12 + old);
                    n += fresh[ch][i][j] * fresh[ch][i][j];
                }
            }
            n = Math.sqrt(n);
            for (int i = 0; i < s; i++) {
                for (int j = 0; j < s; j++) {
                    fresh[ch][i][j] *= mass / (1e-12 + n);
                }
            }
        }
        for (int ch = 0; ch < c; ch++) {
            for (int i = 0; i < s; i++) {
                for (int j = 0; j < s; j++) {
                    delta[(ch * h + vh2 + i) * w + vw2 + j] = 0;
                }
            }
        }
        for (int ch = 0; ch < c; ch++) {
            for (int i = 0; i < s; i++) {
                for (int j = 0; j < s; j++) {
                    delta[(ch * h + vh + i) * w + vw + j] = fresh[ch][i][j];
                }
            }
        }
        return apply(x0, delta, eps, box);
    }

    @Override
    public String toString() {
        return (Norms.LINF.equals(norm()) ? "LinfSquare" : "L2Square") + "(norm=" + norm() + ", queries=" + queries
                + ", pInit=" + pInit + ", seed=" + seed + ")";
    }

    /** Suite-file entry {@code attack: square} with {@code norm, queries, p_init, seed}. */
    public static final class Factory implements AttackFactory {
        @Override
        public String name() {
            return "square";
        }

        @Override
        public String description() {
            return "Square Attack, score-based black-box random search, L-inf / L2 (Andriushchenko et al. 2020)";
        }

        @Override
        public Attack create(Params p) {
            return new Square(Options.norm(p), p.integer("queries", 5000, 1, 10_000_000),
                    p.number("p_init", 0.8, 1e-6, 1), Options.seed(p));
        }
    }
}
