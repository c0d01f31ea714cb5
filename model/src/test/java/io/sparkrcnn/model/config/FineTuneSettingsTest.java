package io.sparkrcnn.model.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The fine-tuning fields of {@code train_config}, typed as the reference reads them. */
class FineTuneSettingsTest {
  private static TrainSettings train(String fields) throws Exception {
    String text = Files.readString(Path.of("../cluster-configs/pipelines/tiny_pets.config"));
    return PipelineSettings.parse(text.replace("train_config: {\n", "train_config: {\n" + fields + "\n"), "my.config")
        .train();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "\"\"|\"\"",
      "fine_tune_checkpoint: 'x'|classification",
      "fine_tune_checkpoint: 'x' from_detection_checkpoint: true|detection",
      "fine_tune_checkpoint: 'x' fine_tune_checkpoint_type: 'detection'|detection",
      "fine_tune_checkpoint: 'x' fine_tune_checkpoint_type: 'classification' from_detection_checkpoint: true"
          + "|classification",
      "fine_tune_checkpoint: 'x' fine_tune_checkpoint_type: 'classification'|classification"})
  void theCheckpointTypeIsTheFieldElseDetectionForTheDeprecatedFlagElseClassification(String fields, String type)
      throws Exception {
    TrainSettings t = train(fields);
    assertEquals(type, t.fineTuneCheckpointType());
    assertEquals(type.equals("detection"), t.fromDetectionCheckpoint());
  }

  @Test
  void anUnknownCheckpointTypeIsOneLineNamingTheFieldAndTheAllowedValues() {
    PipelineConfigException e = assertThrows(PipelineConfigException.class,
        () -> train("fine_tune_checkpoint: 'x' fine_tune_checkpoint_type: 'segmentation'"));
    assertEquals("my.config: train_config.fine_tune_checkpoint_type is 'segmentation'; use 'detection' or"
        + " 'classification'", e.getMessage());
  }

  @Test
  void freezeAndTrainableVariablesAreKeptInOrder() throws Exception {
    TrainSettings t = train("freeze_variables: 'tiny/conv1' freeze_variables: 'rpn/.*_b'"
        + " update_trainable_variables: 'rpn/'");
    assertEquals(List.of("tiny/conv1", "rpn/.*_b"), t.freezeVariables());
    assertEquals(List.of("rpn/"), t.updateTrainableVariables());
    assertTrue(train("").freezeVariables().isEmpty());
    assertFalse(train("").fromDetectionCheckpoint());
  }

  @Test
  void anInvalidRegexIsOneLineNamingTheFieldAndThePattern() {
    PipelineConfigException e = assertThrows(PipelineConfigException.class,
        () -> train("freeze_variables: 'tiny/conv1' freeze_variables: 'rpn/(conv'"));
    assertTrue(e.getMessage().startsWith("my.config: train_config.freeze_variables 'rpn/(conv' is not a valid"
        + " regular expression"), e.getMessage());
  }
}
