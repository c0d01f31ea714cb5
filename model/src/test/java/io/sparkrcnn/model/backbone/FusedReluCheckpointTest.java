package io.sparkrcnn.model.backbone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrcnn.model.checkpoint.FineTuning;
import java.io.File;
import java.nio.file.Path;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Checkpoints saved before the ReLU moved into {@link FrozenBatchNorm} (a frozen batch norm whose JSON has no
 * {@code relu} field, then an {@code ActivationLayer}) restore with their own configuration, compute the same as
 * the fused layout, keep training the same, and start a fused graph by parameter name.
 */
class FusedReluCheckpointTest {
  @TempDir
  Path dir;

  @BeforeAll
  static void doublePrecision() {
    Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
  }

  /** conv → frozen bn → ReLU, twice, as the ResNet's units: separate ReLU layers ({@code fused} false) or not. */
  private static ComputationGraphConfiguration conf(boolean fused) {
    var g = new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE).seed(4).updater(new Nesterovs(0.05, 0.9))
        .weightInit(WeightInit.XAVIER).convolutionMode(ConvolutionMode.Same).graphBuilder().addInputs("in");
    String last = "in";
    for (String c : new String[] {"conv1", "conv2"}) {
      g.addLayer(c, new ConvolutionLayer.Builder(3, 3).nOut(4).hasBias(false).activation(Activation.IDENTITY)
          .build(), last);
      g.addLayer(c + "/bn", fused ? FrozenBatchNorm.withRelu() : new FrozenBatchNorm(), c);
      last = c + "/bn";
      if (!fused) {
        g.addLayer(c + "/relu", new ActivationLayer.Builder().activation(Activation.RELU).build(), last);
        last = c + "/relu";
      }
    }
    return g.addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), last)
        .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2)
            .activation(Activation.IDENTITY).build(), "pool")
        .setOutputs("out").setInputTypes(InputType.convolutional(6, 6, 2)).build();
  }

  /** A graph of the layout saved before the fusion: its JSON as the old {@code FrozenBatchNorm} wrote it. */
  private static ComputationGraph legacy() {
    String json = conf(false).toJson();
    String old = json.replaceAll("\"relu\"\\s*:\\s*false\\s*,?", "");
    assertFalse(old.equals(json) || old.contains("\"relu\" :"), "the relu field is written and removed");
    ComputationGraph g = new ComputationGraph(ComputationGraphConfiguration.fromJson(old));
    g.init();
    Nd4j.getRandom().setSeed(7);
    for (String bn : new String[] {"conv1/bn", "conv2/bn"}) {
      g.getLayer(bn).setParam("gamma", Nd4j.rand(DataType.DOUBLE, 1, 4).addi(0.5));
      g.getLayer(bn).setParam("beta", Nd4j.rand(DataType.DOUBLE, 1, 4).subi(0.5));
      g.getLayer(bn).setParam("mean", Nd4j.rand(DataType.DOUBLE, 1, 4).subi(0.5));
      g.getLayer(bn).setParam("var", Nd4j.rand(DataType.DOUBLE, 1, 4).addi(0.2));
    }
    return g;
  }

  private static MultiDataSet data() {
    Nd4j.getRandom().setSeed(9);
    return new MultiDataSet(new INDArray[] {Nd4j.rand(DataType.DOUBLE, 3, 2, 6, 6).subi(0.5)},
        new INDArray[] {Nd4j.rand(DataType.DOUBLE, 3, 2)});
  }

  @Test
  void anOldLayoutCheckpointRestoresComputesAsTheFusedLayoutAndTrainsTheSame() throws Exception {
    ComputationGraph saved = legacy();
    MultiDataSet data = data();
    saved.fit(data); // some updater state in the checkpoint
    File zip = dir.resolve("model.ckpt-1").toFile();
    ModelSerializer.writeModel(saved, zip, true);
    INDArray expected = saved.outputSingle(data.getFeatures(0));

    ComputationGraph restored = ModelSerializer.restoreComputationGraph(zip, true);
    assertTrue(restored.getConfiguration().getVertices().containsKey("conv1/relu"), "its own (old) layout");
    assertEquals(expected, restored.outputSingle(data.getFeatures(0)));

    ComputationGraph fused = new ComputationGraph(conf(true));
    fused.init();
    FineTuning.Restored r = FineTuning.restore(fused, restored);
    assertEquals(fused.paramTable().size(), r.copied(), "every array restored by name");
    assertTrue(fused.outputSingle(data.getFeatures(0)).equalsWithEps(expected, 1e-12));

    fused.getUpdater().getStateViewArray().assign(restored.getUpdater().getStateViewArray());
    restored.fit(data);
    fused.fit(data);
    for (String p : new String[] {"conv1_W", "conv2_W", "out_W"}) {
      assertTrue(fused.getParam(p).equalsWithEps(restored.getParam(p), 1e-12), p + " after a resumed step");
    }
  }
}
