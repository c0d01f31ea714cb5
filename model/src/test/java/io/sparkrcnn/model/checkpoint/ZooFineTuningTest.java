package io.sparkrcnn.model.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrcnn.io.fs.FileSystems;
import io.sparkrcnn.model.config.PipelineSettings;
import io.sparkrcnn.model.detector.FasterRcnnGraph;
import io.sparkrcnn.model.trainable.ParameterScopes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Which graphs the zoo's weights can start, and a run of the ResNet-50 Pets config started from them. */
class ZooFineTuningTest extends ZooResNet50TestBase {
  @Test
  void theZooStructureIsRecognisedAndOtherGraphsAreNot() throws Exception {
    assertTrue(ZooResNet50Weights.isResNet50(zoo));
    var conf = new NeuralNetConfiguration.Builder().graphBuilder().addInputs("in")
        .addLayer("conv", new ConvolutionLayer.Builder(3, 3).nOut(4).build(), "in")
        .addLayer("bn", new BatchNormalization.Builder().build(), "conv")
        .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2).build(), "bn")
        .setOutputs("out").setInputTypes(InputType.convolutional(8, 8, 3)).build();
    ComputationGraph small = new ComputationGraph(conf);
    small.init();
    assertFalse(ZooResNet50Weights.isResNet50(small));
    PipelineSettings s = PipelineSettings.parse(Files.readString(R50), "r50");
    ComputationGraph ours = FasterRcnnGraph.build(s.model().withCanvas(128), s.train(), 1);
    UnusableCheckpointException e = assertThrows(UnusableCheckpointException.class,
        () -> ZooResNet50Weights.restore(ours, small, ParameterScopes.NONE, "/models/small.zip"));
    assertEquals("fine_tune_checkpoint /models/small.zip is neither a DL4J zoo ResNet-50"
        + " (resnet50_dl4j_inference.v3.zip) nor a SparkRCNN model.ckpt-N: it has no residual additions",
        e.getMessage());
  }

  @Test
  void aZooResNet50CannotStartAnotherFeatureExtractor() throws Exception {
    String text = Files.readString(java.nio.file.Path.of("../cluster-configs/pipelines/tiny_pets.config"))
        .replace("train_config: {\n", "train_config: {\n  fine_tune_checkpoint: '" + zooFile + "'\n"
            + "  fine_tune_checkpoint_type: 'classification'\n");
    PipelineSettings s = PipelineSettings.parse(text, "tiny");
    Path dir = new Path(tmp.resolve("train-tiny").toUri());
    Checkpoints checkpoints = new Checkpoints(FileSystems.of(dir, new Configuration()), dir, 1);
    UnusableCheckpointException e = assertThrows(UnusableCheckpointException.class, () -> StartingGraph.create(s,
        checkpoints, 1, new PrintWriter(new StringWriter()), null, null));
    assertEquals("fine_tune_checkpoint " + new Path(zooFile.toString()) + " is not a SparkRCNN model.ckpt-N; a"
        + " classification checkpoint from the DL4J zoo (ResNet-50) can start only feature_extractor type"
        + " faster_rcnn_resnet50, the config has faster_rcnn_tiny", e.getMessage());
  }

  @Test
  void aClassificationCheckpointFromTheZooStartsTheResNet50PetsConfig() throws Exception {
    String text = Files.readString(R50)
        .replace("PATH_TO_BE_CONFIGURED/model.ckpt", zooFile.toString())
        .replace("from_detection_checkpoint: true", "fine_tune_checkpoint_type: 'classification'\n"
            + "  freeze_variables: 'resnet_v1_50/conv1'\n  freeze_variables: 'resnet_v1_50/block1'");
    PipelineSettings s = PipelineSettings.parse(text, "r50");
    Path dir = new Path(tmp.resolve("train-r50").toUri());
    StringWriter log = new StringWriter();
    ComputationGraph g = StartingGraph.create(s, new Checkpoints(FileSystems.of(dir, new Configuration()), dir, 1),
        1, new PrintWriter(log), null, null);
    // frozen: conv1 and its batch norm, block 1's 3 units × 3 (+ 1 shortcut) convolutions and batch norms
    assertEquals("fine-tuning from " + new Path(zooFile.toString()) + ": 215 parameter arrays restored, 14"
        + " initialised afresh, 0 excluded (classification: DL4J zoo ResNet-50); 22 layers frozen (55 parameter"
        + " arrays)\n", log.toString());
    assertEquals(zoo.getParam("res4f_branch2c_W"), g.getParam("resnet_v1_50/block3/unit_6/conv3_W"));
  }
}
