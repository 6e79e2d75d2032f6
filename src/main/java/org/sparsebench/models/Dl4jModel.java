package org.sparsebench.models;

import java.util.Arrays;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.layers.BaseOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.sparsebench.api.ConfigException;
import org.sparsebench.api.Gradient;
import org.sparsebench.api.InputShape;
import org.sparsebench.api.Loss;
import org.sparsebench.api.Model;

/**
 * Adapter for a user's DL4J {@link MultiLayerNetwork} whose last layer is a dense output layer
 * ({@code OutputLayer} or {@code DenseLayer}) with softmax or identity activation.
 *
 * <p>Logits are the last layer's pre-activation {@code z = a·W + b}, computed here from its
 * {@code W} and {@code b} parameters and the activations {@code a} of the layer before: for a
 * softmax output that strips the softmax, for identity it is the output. The input gradient runs
 * the network's own layers backwards: {@code dL/da = dL/dz · Wᵀ}, then
 * {@link Layer#backpropGradient} of each earlier layer from last to first (with input
 * pre-processors' {@code backprop} in between), which is what {@code MultiLayerNetwork}'s internal
 * backprop does minus the output layer (whose backprop would read labels instead of our
 * {@code dL/dz}). Runs without workspaces and in inference mode (no dropout). Not thread-safe.
 *
 * <p>Inputs {@code [N, C, H, W]} are flattened to {@code [N, C·H·W]} when the first layer is not a
 * convolution/subsampling layer, or its pre-processor expects flat input.
 */
public final class Dl4jModel implements Model {
    private final String id;
    private final MultiLayerNetwork net;
    private final InputShape shape;
    private final int classes;
    private final boolean flatInput;
    private final Layer[] layers;
    private final InputPreProcessor[] pre;
    private final INDArray wOut;
    private final INDArray bOut;
    private final DataType dtype;

    /** @param source file name for error messages */
    public Dl4jModel(String id, MultiLayerNetwork net, InputShape shape, int classes, boolean softmaxOutput,
            String source) {
        this.id = id;
        this.net = net;
        this.shape = shape;
        this.classes = classes;
        net.initGradientsView(); // layers' backpropGradient writes into these views; restore() does not create them
        this.layers = net.getLayers();
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
        this.pre = new InputPreProcessor[layers.length];
        for (int i = 0; i < layers.length; i++) {
            pre[i] = conf.getInputPreProcess(i);
        }
        Layer last = layers[layers.length - 1];
        if (pre[layers.length - 1] != null) {
            throw ConfigException.model(source + ": last layer has an input pre-processor; only a dense output layer "
                    + "on flat activations is supported");
        }
        org.deeplearning4j.nn.conf.layers.Layer lastConf = last.conf().getLayer();
        if (!(lastConf instanceof org.deeplearning4j.nn.conf.layers.FeedForwardLayer ff)
                || lastConf instanceof ConvolutionLayer || last.getParam("W") == null || last.getParam("b") == null) {
            throw ConfigException.model(source + ": last layer " + lastConf.getClass().getSimpleName()
                    + " is not a dense layer with W and b");
        }
        IActivation act = ff instanceof org.deeplearning4j.nn.conf.layers.BaseOutputLayer o ? o.getActivationFn()
                : ((org.deeplearning4j.nn.conf.layers.BaseLayer) ff).getActivationFn();
        boolean isSoftmax = act instanceof ActivationSoftmax;
        boolean isIdentity = act instanceof ActivationIdentity;
        if (softmaxOutput ? !isSoftmax : !isIdentity) {
            throw ConfigException.model(source + ": manifest says softmaxOutput=" + softmaxOutput + " but the last layer's "
                    + "activation is " + act + " (need " + (softmaxOutput ? "softmax" : "identity") + ")");
        }
        this.wOut = last.getParam("W");
        this.bOut = last.getParam("b");
        if (wOut.size(1) != classes) {
            throw ConfigException.model(source + ": last layer has " + wOut.size(1) + " outputs, manifest says " + classes
                    + " classes");
        }
        org.deeplearning4j.nn.conf.layers.Layer first = layers[0].conf().getLayer();
        boolean spatialFirst = first instanceof ConvolutionLayer || first instanceof SubsamplingLayer;
        this.flatInput = pre[0] instanceof FeedForwardToCnnPreProcessor || (!spatialFirst && pre[0] == null);
        this.dtype = wOut.dataType();
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public InputShape inputShape() {
        return shape;
    }

    @Override
    public int numClasses() {
        return classes;
    }

    @Override
    public INDArray logits(INDArray x) {
        return head(forward(prepare(x)));
    }

    @Override
    public INDArray features(INDArray x) {
        return forward(prepare(x));
    }

    @Override
    public Gradient gradient(INDArray x, Loss loss) {
        INDArray in = prepare(x);
        int n = (int) in.size(0);
        INDArray a = forward(in);
        INDArray z = head(a);
        INDArray dz;
        INDArray perSample;
        if (loss instanceof Loss.CrossEntropy ce) {
            int[] y = ce.labels();
            if (y.length != n) {
                throw new IllegalArgumentException(id + ": " + y.length + " labels for a batch of " + n);
            }
            INDArray p = Transforms.softmax(z, true);
            INDArray logp = Transforms.log(p, true);
            dz = p.dup();
            perSample = Nd4j.create(dtype, n);
            for (int i = 0; i < n; i++) {
                dz.putScalar(i, y[i], dz.getDouble(i, y[i]) - 1.0);
                perSample.putScalar(i, -logp.getDouble(i, y[i]));
            }
        } else if (loss instanceof Loss.Linear lin) {
            dz = lin.weights().castTo(dtype);
            if (!Arrays.equals(dz.shape(), z.shape())) {
                throw new IllegalArgumentException(id + ": linear loss weights must be " + Arrays.toString(z.shape()));
            }
            perSample = dz.mul(z).sum(1);
        } else {
            throw new IllegalArgumentException("unsupported loss " + loss);
        }
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        INDArray eps = dz.mmul(wOut.transpose());
        for (int i = layers.length - 2; i >= 0; i--) {
            eps = layers[i].backpropGradient(eps, mgr).getSecond();
            if (pre[i] != null) {
                eps = pre[i].backprop(eps, n, mgr);
            }
        }
        INDArray grad = eps.reshape('c', x.shape()).castTo(x.dataType());
        return new Gradient(z, perSample, grad);
    }

    /** Activations of the layer before the output layer (its layers keep their inputs for backprop). */
    private INDArray forward(INDArray in) {
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        int n = (int) in.size(0);
        INDArray a = in;
        for (int i = 0; i < layers.length - 1; i++) {
            if (pre[i] != null) {
                a = pre[i].preProcess(a, n, mgr);
            }
            a = layers[i].activate(a, false, mgr);
        }
        return a;
    }

    private INDArray head(INDArray a) {
        return a.mmul(wOut).addiRowVector(bOut);
    }

    private INDArray prepare(INDArray x) {
        INDArray in = SameDiffModel.checkInput(id, shape, x, dtype);
        return flatInput ? in.reshape('c', in.size(0), shape.size()) : in;
    }

    @Override
    public void close() {
        net.close();
    }
}
