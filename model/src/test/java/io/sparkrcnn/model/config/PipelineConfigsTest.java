package io.sparkrcnn.model.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrcnn.model.config.proto.FasterRcnn;
import io.sparkrcnn.model.config.proto.PostProcessing;
import io.sparkrcnn.model.config.proto.TrainEvalPipelineConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class PipelineConfigsTest {
  private static final Path SHIPPED = Path.of("..", "cluster-configs", "pipelines");

  private static String read(String name) throws Exception {
    return Files.readString(SHIPPED.resolve(name));
  }

  @ParameterizedTest
  @ValueSource(strings = {"faster_rcnn_resnet50_pets.config", "faster_rcnn_resnet101_pets.config",
      "faster_rcnn_resnet152_pets.config", "tiny_pets.config"})
  void theShippedConfigsParse(String name) throws Exception {
    TrainEvalPipelineConfig c = PipelineConfigs.parse(read(name), name);
    assertEquals(37, c.getModel().getFasterRcnn().getNumClasses());
    assertTrue(c.getTrainInputReader().getTfRecordInputReader().getInputPath(0).startsWith("PATH_TO_BE_CONFIGURED/"));
  }

  @Test
  void theResNet152ConfigCarriesTheReferenceValues() throws Exception {
    TrainEvalPipelineConfig c = PipelineConfigs.parse(read("faster_rcnn_resnet152_pets.config"), "r152");
    FasterRcnn f = c.getModel().getFasterRcnn();
    assertEquals(600, f.getImageResizer().getKeepAspectRatioResizer().getMinDimension());
    assertEquals(1024, f.getImageResizer().getKeepAspectRatioResizer().getMaxDimension());
    assertEquals(4, f.getFirstStageAnchorGenerator().getGridAnchorGenerator().getScalesCount());
    assertEquals(0.7f, f.getFirstStageNmsIouThreshold());
    assertEquals(300, f.getFirstStageMaxProposals());
    assertEquals(14, f.getInitialCropSize());
    assertEquals(64, f.getSecondStageBatchSize(), "the reference's default");
    assertEquals(PostProcessing.ScoreConverter.SOFTMAX, f.getSecondStagePostProcessing().getScoreConverter());
    var lr = c.getTrainConfig().getOptimizer().getMomentumOptimizer().getLearningRate().getManualStepLearningRate();
    assertEquals(0.0003f, lr.getInitialLearningRate());
    assertEquals(900000, lr.getSchedule(0).getStep());
    assertEquals(10.0f, c.getTrainConfig().getGradientClippingByNorm());
    assertTrue(c.getTrainConfig().getDataAugmentationOptions(0).hasRandomHorizontalFlip());
    assertEquals("coco_detection_metrics", c.getEvalConfig().getMetricsSet(0));
    assertEquals(1101, c.getEvalConfig().getNumExamples());
  }

  @Test
  void anUnknownFieldIsRefusedByNameAndLine() throws Exception {
    String text = read("faster_rcnn_resnet152_pets.config").replace("first_stage_max_proposals: 300",
        "first_stage_max_proposal: 300");
    PipelineConfigException e = assertThrows(PipelineConfigException.class, () -> PipelineConfigs.parse(text, "my.config"));
    assertTrue(e.getMessage().contains("first_stage_max_proposal") && e.getMessage().startsWith("my.config:"),
        e.getMessage());
    assertTrue(e.getMessage().matches("my\\.config:\\d+:\\d+: unknown field object_detection\\.protos\\.FasterRcnn"
        + "\\.first_stage_max_proposal \\(remove it or check its spelling\\)"), "one line naming it: " + e.getMessage());
  }

  @Test
  void missingOrUnsupportedModelsAreRefused() {
    assertThrows(PipelineConfigException.class, () -> PipelineConfigs.parse("train_config { batch_size: 1 }", "x"));
    PipelineConfigException e = assertThrows(PipelineConfigException.class, () -> PipelineConfigs.parse(
        "model { faster_rcnn { num_classes: 3 feature_extractor { type: 'faster_rcnn_inception_v2' } } }", "x"));
    assertTrue(e.getMessage().contains("faster_rcnn_inception_v2"), e.getMessage());
    assertThrows(PipelineConfigException.class, () -> PipelineConfigs.parse("model { ssd { } }", "x"));
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
      "first_stage_nms_iou_threshold: 0.7|first_stage_nms_iou_threshold: 1.5|first_stage_nms_iou_threshold is 1.5",
      "max_dimension: 1024|max_dimension: 500|max_dimension is 500; it must be at least 600",
      "scales: [0.25, 0.5, 1.0, 2.0]|scales: [0.25, -1.0]|scales must be",
      "height_stride: 16|height_stride: 16 height: 0|grid_anchor_generator.height is 0; it must be at least 1",
      "initial_crop_size: 14|initial_crop_size: 0|initial_crop_size is 0",
      "step: 1200000|step: 800000|schedule[1].step is 800000",
      "momentum_optimizer_value: 0.9|momentum_optimizer_value: 1.0|momentum_optimizer_value is 1.0",
      "max_total_detections: 300|max_total_detections: 0|max_total_detections is 0",
      "second_stage_localization_loss_weight: 2.0|second_stage_localization_loss_weight: -1|loss_weight is -1.0"})
  void anInvalidValueIsRefusedNamingTheField(String from, String to, String expected) throws Exception {
    String text = read("faster_rcnn_resnet152_pets.config");
    assertTrue(text.contains(from), from);
    PipelineConfigException e = assertThrows(PipelineConfigException.class,
        () -> PipelineConfigs.parse(text.replace(from, to), "my.config"));
    assertTrue(e.getMessage().startsWith("my.config: ") && e.getMessage().contains(expected), e.getMessage());
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
      "step: 900000|step: 0|schedule[1].step is 0, not above schedule[0].step (0); steps must increase",
      "step: 1200000|step: 900000|schedule[2].step is 900000, not above schedule[1].step (900000); steps must increase",
      "step: 0|step: -1|schedule[0].step is -1; steps must be 0 or more"})
  void aRepeatedDecreasingOrNegativeStepIsRefusedNamingItsIndex(String from, String to, String expected)
      throws Exception {
    String text = Files.readString(Path.of("src", "test", "resources", "reference-configs",
        "faster_rcnn_resnet152_pets_2017.config"));
    assertTrue(text.contains(from), from);
    PipelineConfigException e = assertThrows(PipelineConfigException.class,
        () -> PipelineConfigs.parse(text.replaceFirst(from, to), "my.config"));
    assertEquals("my.config: train_config.optimizer.momentum_optimizer.learning_rate.manual_step_learning_rate."
        + expected, e.getMessage());
  }

  @Test
  void aFirstStepOfZeroIsAccepted() throws Exception {
    String text = Files.readString(Path.of("src", "test", "resources", "reference-configs",
        "faster_rcnn_resnet152_pets_2017.config"));
    var lr = PipelineConfigs.parse(text, "2017").getTrainConfig().getOptimizer().getMomentumOptimizer()
        .getLearningRate().getManualStepLearningRate();
    assertEquals(0, lr.getSchedule(0).getStep());
  }

  @Test
  void aMissingClosingBraceNamesTheBlockLeftOpen() throws Exception {
    String text = read("faster_rcnn_resnet152_pets.config");
    String missing = text.replaceFirst("(?m)^  }\n}\n\ntrain_config", "  }\n\ntrain_config");
    assertTrue(!missing.equals(text));
    PipelineConfigException e = assertThrows(PipelineConfigException.class,
        () -> PipelineConfigs.parse(missing, "my.config"));
    assertTrue(e.getMessage().matches("my\\.config:\\d+:\\d+: the file ends inside 'model \\{' opened at line 4;"
        + " a closing '}' is missing"), e.getMessage());
    assertTrue(!e.getMessage().contains("spelling"), e.getMessage());
  }
}
