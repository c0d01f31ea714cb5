package io.sparkrcnn.model.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrcnn.model.config.PipelineConfigException;
import io.sparkrcnn.model.config.PipelineSettings;
import io.sparkrcnn.model.detector.FasterRcnnGraph;
import io.sparkrcnn.model.trainable.FrozenParameters;
import io.sparkrcnn.model.trainable.ParameterScopes;
import java.nio.file.Files;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;

/** The one entry point trainers start from, without a checkpoint of their own: build, freeze and fine-tune. */
class StartingGraphTest extends StartingGraphTestBase {
  @Test
  void aFreshStartFreezesTheConfigsScopesAndSaysSo() throws Exception {
    ComputationGraph g = create(fiveClasses("freeze_variables: 'tiny/conv1'"), trainDir(), null, null);
    assertEquals("training from scratch; 4 layers frozen (6 parameter arrays)\n", log.toString());
    assertEquals(java.util.List.of("tiny/conv1_down_W", "tiny/conv1_down/bn_gamma", "tiny/conv1_down/bn_beta",
        "tiny/conv1_W", "tiny/conv1/bn_gamma", "tiny/conv1/bn_beta"),
        FrozenParameters.in(g.getConfiguration()).parameters());
  }

  @Test
  void aClassificationCheckpointOfOursRestoresOnlyTheFeatureExtractor() throws Exception {
    ComputationGraph g = create(fiveClasses("fine_tune_checkpoint: '" + source + "'"), trainDir(), null, null);
    ComputationGraph fresh = FasterRcnnGraph.build(fiveClasses("").model(), fiveClasses("").train(), 2);
    assertEquals("fine-tuning from " + source + ": 40 parameter arrays restored, 0 initialised afresh, 14 excluded"
        + " (classification: the feature extractor of a detection checkpoint)\n", log.toString());
    assertEquals(sourceGraph.getParam("tiny/conv4_W"), g.getParam("tiny/conv4_W"));
    assertEquals(fresh.getParam("rpn/conv_W"), g.getParam("rpn/conv_W"), "the RPN is not the feature extractor");
    assertEquals(fresh.getParam("box_classifier_hiddenW"), g.getParam("box_classifier_hiddenW"));
    assertNotEquals(sourceGraph.getParam("rpn/conv_W"), g.getParam("rpn/conv_W"));
  }

  @Test
  void aDetectionCheckpointHonoursTheExcludeAndTrainableScopesOfFlags() throws Exception {
    ComputationGraph g = create(fiveClasses("fine_tune_checkpoint: '" + source + "' from_detection_checkpoint: true"
        + " load_all_detection_checkpoint_vars: true"),
        trainDir(), ParameterScopes.parse("--checkpoint_exclude_scopes", "rpn/objectness"),
        ParameterScopes.parse("--trainable_scopes", "box_classifier"));
    // excluded: objectness W, b; fresh: the class and box layers of 5 classes; frozen: 8 convolutions,
    // 8 batch norms (gamma, beta) and 3 RPN convolutions (W, b)
    assertEquals("fine-tuning from " + source + ": 48 parameter arrays restored, 4 initialised afresh, 2 excluded"
        + " (detection checkpoint); 19 layers frozen (30 parameter arrays)\n", log.toString());
    assertEquals(sourceGraph.getParam("rpn/conv_W"), g.getParam("rpn/conv_W"));
    assertNotEquals(sourceGraph.getParam("rpn/objectness_W"), g.getParam("rpn/objectness_W"));
  }

  @Test
  void withoutLoadAllDetectionCheckpointVarsOnlyTheFeatureExtractorsRestore() throws Exception {
    PipelineSettings s = PipelineSettings.parse(tinyText.replace("train_config: {\n", "train_config: {\n"
        + "fine_tune_checkpoint: '" + source + "' from_detection_checkpoint: true\n"), "pets.config");
    ComputationGraph fresh = FasterRcnnGraph.build(s.model(), s.train(), 2);
    ComputationGraph g = create(s, trainDir(), null, null);
    assertTrue(log.toString().contains("(detection checkpoint, feature extractors only:"
        + " load_all_detection_checkpoint_vars is false)"), log.toString());
    assertEquals(sourceGraph.getParam("tiny/conv4_W"), g.getParam("tiny/conv4_W"));
    assertEquals(sourceGraph.getParam("box_classifier_hiddenW"), g.getParam("box_classifier_hiddenW"));
    assertEquals(fresh.getParam("rpn/conv_W"), g.getParam("rpn/conv_W"), "the RPN is a box predictor");
    assertEquals(fresh.getParam("box_classifier_classW"), g.getParam("box_classifier_classW"));
    assertNotEquals(sourceGraph.getParam("box_classifier_classW"), g.getParam("box_classifier_classW"));
  }

  @Test
  void anExcludeScopeMatchingNothingIsAConfigError() throws Exception {
    PipelineConfigException e = assertThrows(PipelineConfigException.class,
        () -> create(fiveClasses("fine_tune_checkpoint: '" + source + "' from_detection_checkpoint: true"),
            trainDir(), ParameterScopes.parse("--checkpoint_exclude_scopes", "FirstStageBoxPredictor"), null));
    assertTrue(e.getMessage().startsWith("'FirstStageBoxPredictor' (--checkpoint_exclude_scopes) matches no"
        + " parameter of this model; names look like tiny/conv1_down_W, rpn/"), e.getMessage());
  }

  @Test
  void aMissingOrUnreadableClassificationCheckpointIsOneLine() throws Exception {
    Path missing = new Path(tmp.resolve("nowhere.zip").toUri());
    UnusableCheckpointException e = assertThrows(UnusableCheckpointException.class,
        () -> create(fiveClasses("fine_tune_checkpoint: '" + missing + "'"), trainDir(), null, null));
    assertEquals("fine_tune_checkpoint " + missing + " does not exist", e.getMessage());
    java.nio.file.Path text = Files.writeString(tmp.resolve("resnet50.zip"), "not a zip");
    e = assertThrows(UnusableCheckpointException.class,
        () -> create(fiveClasses("fine_tune_checkpoint: '" + text + "'"), trainDir(), null, null));
    assertTrue(e.getMessage().startsWith("fine_tune_checkpoint " + text + " is not a SparkRCNN model.ckpt-N or a DL4J"
        + " zoo ResNet-50 model zip (resnet50_dl4j_inference.v3.zip) ("), e.getMessage());
    assertEquals(1, e.getMessage().lines().count());
  }
}
