package io.sparkrcnn.jobs.nightly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrcnn.jobs.UserError;
import io.sparkrcnn.jobs.testing.ShippedConfigs;
import io.sparkrcnn.model.config.PipelineSettings;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class RunConfigTest {
  private static final String TINY = "tiny_pets.config";

  @Test
  void theFirstNightsConfigIsTheTemplateWithTheRunsRecordsAndNoFineTuning() throws Exception {
    String template = Files.readString(ShippedConfigs.path(TINY));
    RunConfig.checkTemplate(template, TINY);
    String text = RunConfig.text(template, TINY, "hdfs://nn:8020/work/runs/r1/records", null);
    assertEquals(ShippedConfigs.text(TINY, "hdfs://nn:8020/work/runs/r1/records"), text);
    PipelineSettings s = PipelineSettings.parse(text, TINY);
    assertEquals("hdfs://nn:8020/work/runs/r1/records/pet_label_map.pbtxt", s.trainInput().labelMapPath());
    assertTrue(s.train().fineTuneCheckpoint().isEmpty());
  }

  @Test
  void laterNightsFineTuneFromThePublishedCheckpointWhole() throws Exception {
    String template = Files.readString(ShippedConfigs.path(TINY));
    String text = RunConfig.text(template, TINY, "/w/runs/r2/records", "hdfs://nn:8020/m/versions/r1/model.ckpt-800");
    PipelineSettings s = PipelineSettings.parse(text, TINY);
    assertEquals("hdfs://nn:8020/m/versions/r1/model.ckpt-800", s.train().fineTuneCheckpoint());
    assertTrue(s.train().fromDetectionCheckpoint());
    assertTrue(s.train().loadAllDetectionCheckpointVars());
    assertEquals(800, s.train().numSteps(), "the rest of the template stays");
    assertFalse(text.contains(RunConfig.PLACEHOLDER));
  }

  @Test
  void aTemplateWithoutThePlaceholderOrWithOneInFineTuneCheckpointIsRefused() throws Exception {
    String filled = ShippedConfigs.text(TINY, "/data/records");
    UserError e = assertThrows(UserError.class, () -> RunConfig.checkTemplate(filled, "mine.config"));
    assertTrue(e.getMessage().startsWith("--pipeline_config_path mine.config has no PATH_TO_BE_CONFIGURED"),
        e.getMessage());
    String resnet = Files.readString(ShippedConfigs.path("faster_rcnn_resnet50_pets.config"));
    e = assertThrows(UserError.class, () -> RunConfig.checkTemplate(resnet, "resnet.config"));
    assertTrue(e.getMessage().contains("train_config.fine_tune_checkpoint 'PATH_TO_BE_CONFIGURED/model.ckpt' would"
        + " point into the records folder"), e.getMessage());
    RunConfig.checkTemplate(resnet.replace("PATH_TO_BE_CONFIGURED/model.ckpt", "/zoo/resnet50.zip"), "resnet.config");
  }
}
