package io.sparkrcnn.model.checkpoint;

import io.sparkrcnn.model.trainable.FrozenParameters;
import io.sparkrcnn.model.trainable.ParameterScopes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrcnn.io.fs.FileSystems;
import io.sparkrcnn.model.config.PipelineConfigException;
import io.sparkrcnn.model.config.PipelineSettings;
import io.sparkrcnn.model.detector.FasterRcnnGraph;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one entry point trainers start from: resume, or build, freeze and fine-tune. */
class StartingGraphTest {
  private static String tinyText;
  /** A 37-class tiny detection checkpoint (seed 1), the fine-tuning source. */
  private static Path source;
  private static ComputationGraph sourceGraph;

  @TempDir
  static java.nio.file.Path shared;

  @TempDir
  java.nio.file.Path tmp;

  private final StringWriter log = new StringWriter();

  @BeforeAll
  static void sourceCheckpoint() throws Exception {
    tinyText = Files.readString(java.nio.file.Path.of("../cluster-configs/pipelines/tiny_pets.config"));
    PipelineSettings pets = PipelineSettings.parse(tinyText, "tiny");
    sourceGraph = FasterRcnnGraph.build(pets.model(), pets.train(), 1);
    Path dir = new Path(shared.toUri().toString(), "source");
    source = new Checkpoints(FileSystems.of(dir, new Configuration()), dir, 1).write(sourceGraph, 3);
  }

  /** The tiny config with 5 classes and these lines at the top of train_config. */
  private static PipelineSettings fiveClasses(String trainFields) {
    return PipelineSettings.parse(tinyText.replace("num_classes: 37", "num_classes: 5")
        .replace("train_config: {\n", "train_config: {\n" + trainFields + "\n"), "five.config");
  }

  private Checkpoints trainDir() throws Exception {
    Path dir = new Path(tmp.toUri().toString(), "train");
    return new Checkpoints(FileSystems.of(dir, new Configuration()), dir, 5);
  }

  private ComputationGraph create(PipelineSettings s, Checkpoints c, ParameterScopes exclude,
      ParameterScopes trainable) throws Exception {
    return StartingGraph.create(s, c, 2, new PrintWriter(log), exclude, trainable);
  }

  @Test
  void aTrainDirWithACheckpointResumesFromIt() throws Exception {
    Checkpoints c = trainDir();
    PipelineSettings s = fiveClasses("");
    ComputationGraph first = create(s, c, null, null);
    assertEquals("", log.toString(), "nothing to say about a fresh start without freezing or fine-tuning");
    Path written = c.write(first, 2);
    ComputationGraph resumed = create(s, c, null, null);
    assertEquals("resuming from " + written + " (step 2)\n", log.toString());
    assertEquals(first.params(), resumed.params());
  }

  @Test
  void aTrainDirWithCheckpointsButNoIndexResumesFromTheHighestSayingSo() throws Exception {
    Checkpoints c = trainDir();
    PipelineSettings s = fiveClasses("");
    ComputationGraph first = create(s, c, null, null);
    first.getConfiguration().setIterationCount(4);
    c.write(first, 2);
    Path written = c.write(first, 4);
    Files.delete(tmp.resolve("train/checkpoint"));
    ComputationGraph resumed = create(s, c, null, null);
    assertEquals("warning: " + written.getParent() + " has model.ckpt-<step> files but no 'checkpoint' index (a run"
        + " stopped while writing it?); using model.ckpt-4, the newest checkpoint that loads\nresuming from "
        + written + " (step 4)\n", log.toString());
    assertEquals(4, resumed.getIterationCount(), "not a fresh start at step 0");
  }

  @Test
  void aTruncatedLatestCheckpointResumesFromTheEarlierOneSayingSo() throws Exception {
    Checkpoints c = trainDir();
    PipelineSettings s = fiveClasses("");
    ComputationGraph first = create(s, c, null, null);
    first.getConfiguration().setIterationCount(2);
    Path earlier = c.write(first, 2);
    first.getConfiguration().setIterationCount(4);
    Path latest = c.write(first, 4);
    java.nio.file.Path file = tmp.resolve("train/model.ckpt-4");
    Files.write(file, java.util.Arrays.copyOf(Files.readAllBytes(file), 1000));
    ComputationGraph resumed = create(s, c, null, null);
    List<String> lines = log.toString().lines().toList();
    assertEquals(2, lines.size(), log.toString());
    assertTrue(lines.get(0).startsWith("warning: " + latest + ", the index's latest, is cut short or damaged ("),
        lines.get(0));
    assertTrue(lines.get(0).endsWith("; using model.ckpt-2, the newest checkpoint that loads"), lines.get(0));
    assertEquals("resuming from " + earlier + " (step 2)", lines.get(1));
    assertEquals(2, resumed.getIterationCount());
  }

  @Test
  void aTrainDirWhoseOnlyCheckpointIsGarbageIsOneLine() throws Exception {
    Checkpoints c = trainDir();
    Path written = c.write(create(fiveClasses(""), c, null, null), 1);
    Files.writeString(tmp.resolve("train/model.ckpt-1"), "garbage");
    UnusableCheckpointException e = assertThrows(UnusableCheckpointException.class,
        () -> create(fiveClasses(""), c, null, null));
    assertEquals(1, e.getMessage().lines().count());
    assertTrue(e.getMessage().contains(written + ", the index's latest, is cut short or damaged"), e.getMessage());
  }

  @Test
  void resumingWithOtherFrozenScopesIsRefused() throws Exception {
    Checkpoints c = trainDir();
    Path written = c.write(create(fiveClasses(""), c, null, null), 1);
    UnusableCheckpointException e = assertThrows(UnusableCheckpointException.class,
        () -> create(fiveClasses("freeze_variables: 'rpn/'"), c, null, null));
    assertEquals(written + " cannot be resumed with this config: it freezes 0 parameter arrays and the config and"
        + " flags 6 (only the config: rpn/box_codes_W, …); use another train_dir", e.getMessage());
    assertTrue(log.toString().startsWith("resuming from"));
  }

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
