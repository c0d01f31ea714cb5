package io.sparkrcnn.model.export;

import io.sparkrcnn.model.runtime.Nd4jRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Our inference model: a trained {@link ComputationGraph} with every batch norm that {@link BatchNormFolds} finds
 * folded into its convolution ({@link FoldedConvolution}: one convolution with a bias and, after a
 * {@code FrozenBatchNorm} with a ReLU, a ReLU activation; the norm vertex gone, its readers reading the
 * convolution), every other vertex copied with its parameters; saved as a DL4J model zip without updater state (the
 * export's {@code model.dl4j.zip}).
 */
public final class InferenceGraph {
  private InferenceGraph() {}

  /** The folded copy of {@code trained}, with the same inputs, outputs and output values; {@code trained} is kept. */
  public static ComputationGraph fold(ComputationGraph trained) {
    ComputationGraphConfiguration conf = trained.getConfiguration();
    Map<String, String> normOf = BatchNormFolds.of(conf);
    Map<String, String> convOf = new HashMap<>();
    normOf.forEach((conv, norm) -> convOf.put(norm, conv));
    Map<String, FoldedConvolution> folded = new HashMap<>();
    GraphBuilder g = new GraphBuilder(global(conf)).addInputs(conf.getNetworkInputs());
    for (Map.Entry<String, GraphVertex> e : conf.getVertices().entrySet()) {
      String name = e.getKey();
      if (convOf.containsKey(name)) {
        continue;
      }
      GraphVertex vertex = e.getValue().clone();
      String norm = normOf.get(name);
      if (norm != null) {
        NeuralNetConfiguration layerConf = ((LayerVertex) vertex).getLayerConf();
        ConvolutionLayer conv = (ConvolutionLayer) layerConf.getLayer();
        FoldedConvolution f = FoldedConvolution.of(conv, trained.getLayer(name).paramTable(),
            ((LayerVertex) conf.getVertices().get(norm)).getLayerConf().getLayer(),
            trained.getLayer(norm).paramTable());
        layerConf.setLayer(f.dl4jLayer(conv));
        layerConf.clearVariables();
        folded.put(name, f);
      }
      List<String> inputs = conf.getVertexInputs().get(name);
      g.addVertex(name, vertex, inputs.stream().map(i -> convOf.getOrDefault(i, i)).toArray(String[]::new));
    }
    g.setOutputs(conf.getNetworkOutputs().toArray(new String[0]));
    g.validateOutputLayerConfig(conf.isValidateOutputLayerConfig());
    ComputationGraphConfiguration foldedConf = g.build();
    foldedConf.setIterationCount(conf.getIterationCount());
    foldedConf.setEpochCount(conf.getEpochCount());
    ComputationGraph net = new ComputationGraph(foldedConf);
    net.init();
    for (Layer layer : net.getLayers()) {
      String name = layer.conf().getLayer().getLayerName();
      FoldedConvolution f = folded.get(name);
      Map<String, INDArray> source = f == null ? trained.getLayer(name).paramTable()
          : Map.of("W", f.dl4jWeights(), "b", f.dl4jBias());
      copy(name, source, layer.paramTable());
    }
    return net;
  }

  /** Writes {@code net} as a DL4J model zip without updater state; {@code out} is left open. */
  public static void write(ComputationGraph net, OutputStream out) throws IOException {
    ModelSerializer.writeModel(net, out, false);
  }

  /** Reads a model zip {@link #write} wrote (without updater state). */
  public static ComputationGraph read(InputStream in) throws IOException {
    Nd4jRuntime.init();
    return ModelSerializer.restoreComputationGraph(in, false);
  }

  /** The graph-wide settings of {@code conf}: data type, workspaces, cache mode and seed. */
  private static NeuralNetConfiguration.Builder global(ComputationGraphConfiguration conf) {
    return new NeuralNetConfiguration.Builder().dataType(conf.getDataType())
        .trainingWorkspaceMode(conf.getTrainingWorkspaceMode()).inferenceWorkspaceMode(conf.getInferenceWorkspaceMode())
        .cacheMode(conf.getCacheMode()).seed(conf.getDefaultConfiguration().getSeed());
  }

  private static void copy(String layer, Map<String, INDArray> from, Map<String, INDArray> to) {
    if (!from.keySet().equals(to.keySet())) {
      throw new IllegalStateException("layer '" + layer + "' has parameters " + to.keySet() + ", its source "
          + from.keySet());
    }
    to.forEach((key, view) -> {
      INDArray value = from.get(key);
      if (!Arrays.equals(value.shape(), view.shape())) {
        throw new IllegalStateException("parameter " + layer + "." + key + " is " + Arrays.toString(
            view.shape()) + ", its source " + Arrays.toString(value.shape()));
      }
      view.assign(value);
    });
  }
}
