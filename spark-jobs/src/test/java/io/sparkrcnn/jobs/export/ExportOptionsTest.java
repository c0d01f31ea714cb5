package io.sparkrcnn.jobs.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparkrcnn.jobs.UserError;
import io.sparkrcnn.model.export.ExportInput;
import org.junit.jupiter.api.Test;

/** export's options: exactly one checkpoint flag, a known input type, no override meaning none. */
class ExportOptionsTest {
  private static ExportOptions of(String prefix, String dir, String inputType) {
    return ExportOptions.of("p.config", null, prefix, dir, "out", inputType, false, false);
  }

  @Test
  void bothOrNeitherCheckpointFlagIsRefusedSayingWhich() {
    assertEquals("give either --trained_checkpoint_prefix TRAIN_DIR/model.ckpt-N (one checkpoint) or"
        + " --checkpoint_dir TRAIN_DIR (its newest whole checkpoint), not both",
        assertThrows(UserError.class, () -> of("t/model.ckpt-5", "t", "image_tensor")).getMessage());
    assertEquals("give either --trained_checkpoint_prefix TRAIN_DIR/model.ckpt-N (one checkpoint) or"
        + " --checkpoint_dir TRAIN_DIR (its newest whole checkpoint), not neither",
        assertThrows(UserError.class, () -> of(null, null, "image_tensor")).getMessage());
  }

  @Test
  void anUnknownInputTypeIsRefusedListingTheKnownOnes() {
    assertEquals("unknown --input_type 'tf_example': use one of image_tensor, encoded_image_string_tensor",
        assertThrows(UserError.class, () -> of("t/model.ckpt-5", null, "tf_example")).getMessage());
  }

  @Test
  void theInputTypeAndCheckpointAreKeptAndNoOverrideIsEmpty() {
    ExportOptions o = of(null, "train", "encoded_image_string_tensor");
    assertEquals(ExportInput.ENCODED_IMAGE_STRING_TENSOR, o.input());
    assertEquals("", o.configOverride());
    assertEquals("--checkpoint_dir train", o.checkpointFlag());
    assertEquals("--trained_checkpoint_prefix t/model.ckpt-5", of("t/model.ckpt-5", null, "image_tensor")
        .checkpointFlag());
  }
}
