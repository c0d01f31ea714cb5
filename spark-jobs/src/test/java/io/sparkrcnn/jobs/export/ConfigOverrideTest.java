package io.sparkrcnn.jobs.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrcnn.jobs.UserError;
import io.sparkrcnn.jobs.testing.ShippedConfigs;
import io.sparkrcnn.model.config.PipelineConfigException;
import io.sparkrcnn.model.config.PipelineConfigs;
import org.junit.jupiter.api.Test;

/** --config_override merges over the file's config as text_format.Merge does, and is checked as a config. */
class ConfigOverrideTest {
  private static String tiny() throws Exception {
    return ShippedConfigs.text("tiny_pets.config", "/data/records");
  }

  @Test
  void withoutAnOverrideTheFileTextIsKept() throws Exception {
    String text = tiny();
    ConfigOverride.Merged m = ConfigOverride.apply(text, "tiny.config", " ");
    assertSame(text, m.text());
    assertEquals("tiny.config", m.source());
    assertEquals(180, m.config().getEvalConfig().getNumExamples());
  }

  @Test
  void aNestedScalarIsReplacedAndTheRestOfItsMessageKept() throws Exception {
    ConfigOverride.Merged m = ConfigOverride.apply(tiny(), "tiny.config",
        "eval_config { num_examples: 8 } model { faster_rcnn { first_stage_max_proposals: 32 } }");
    assertEquals(8, m.config().getEvalConfig().getNumExamples());
    var rcnn = m.config().getModel().getFasterRcnn();
    assertEquals(32, rcnn.getFirstStageMaxProposals());
    assertEquals(37, rcnn.getNumClasses());
    assertEquals(128, rcnn.getImageResizer().getKeepAspectRatioResizer().getMinDimension());
    assertEquals("tiny.config with --config_override", m.source());
    assertEquals(m.config(), PipelineConfigs.parse(m.text(), "again"), "the merged text is the merged config");
  }

  @Test
  void anUnknownFieldIsRefusedByNameInOneLine() throws Exception {
    String message = assertThrows(UserError.class,
        () -> ConfigOverride.apply(tiny(), "tiny.config", "eval_config {\n num_exampels: 8 }")).getMessage();
    assertTrue(message.startsWith("--config_override: "), message);
    assertTrue(message.contains("num_exampels") && message.contains("check its spelling"), message);
    assertEquals(1, message.lines().count(), message);
  }

  @Test
  void aMergedValueOutOfRangeIsRefusedAsInTheFile() throws Exception {
    var e = assertThrows(PipelineConfigException.class, () -> ConfigOverride.apply(tiny(), "tiny.config",
        "model { faster_rcnn { num_classes: 0 } }"));
    assertTrue(e.getMessage().startsWith("tiny.config with --config_override"), e.getMessage());
    assertTrue(e.getMessage().contains("num_classes"), e.getMessage());
  }
}
