package org.sparsebench.suites.adversarial;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.sparsebench.api.Gradient;
import org.sparsebench.api.InputShape;
import org.sparsebench.api.Loss;
import org.sparsebench.api.Model;

/**
 * A known gradient-masking model: {@code logits = f(round(x·q)/q)}, an input quantization in front of
 * a linear model (the "thermometer/quantization" defences Athalye et al. 2018 broke). Its true input
 * gradient is zero almost everywhere, which is what it reports; gradient attacks then go nowhere
 * while a black-box search or a large random start still changes its prediction. With
 * {@code straightThrough} it reports instead the inner model's gradient at the quantized input (the
 * identity "backward pass" of a BPDA-style defence): non-zero and plausible, but blind to the jumps.
 */
final class QuantizedModel implements Model {
    private final Model inner;
    private final double levels;
    private final boolean straightThrough;

    QuantizedModel(Model inner, double levels) {
        this(inner, levels, false);
    }

    QuantizedModel(Model inner, double levels, boolean straightThrough) {
        this.inner = inner;
        this.levels = levels;
        this.straightThrough = straightThrough;
    }

    private INDArray quantize(INDArray x) {
        return Transforms.round(x.mul(levels), false).divi(levels);
    }

    @Override
    public String id() {
        return "quantized-" + inner.id();
    }

    @Override
    public InputShape inputShape() {
        return inner.inputShape();
    }

    @Override
    public int numClasses() {
        return inner.numClasses();
    }

    @Override
    public INDArray logits(INDArray x) {
        return inner.logits(quantize(x));
    }

    @Override
    public Gradient gradient(INDArray x, Loss loss) {
        Gradient g = inner.gradient(quantize(x), loss);
        return straightThrough ? g : new Gradient(g.logits(), g.loss(), Nd4j.zerosLike(x));
    }

    @Override
    public INDArray features(INDArray x) {
        return inner.features(quantize(x));
    }
}
