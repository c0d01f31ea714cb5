package io.sparkrcnn.model.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrcnn.model.detector.FasterRcnnGraph;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The compatibility sweep: the settings of the reference's Faster R-CNN ResNet sample configs (current ones and
 * the 2017 Pets release), paths as placeholders. Each builds its model configuration (parameters counted without
 * allocating them) or is refused in one line naming the field and what we support. The table is in
 * docs/design.md.
 */
class ReferenceConfigsTest {
  static final Path DIR = Path.of("src", "test", "resources", "reference-configs");

  /** A reference config with its paths filled in (and {@code fine_tune_checkpoint} left as the test says). */
  static String filled(String name) throws Exception {
    return Files.readString(DIR.resolve(name)).replace("@TRAIN_INPUT@", "/data/records/train.record-?????-of-00010")
        .replace("@EVAL_INPUT@", "/data/records/val.record-?????-of-00010")
        .replace("@LABEL_MAP@", "/data/records/label_map.pbtxt")
        .replace("@FINE_TUNE_CHECKPOINT@", "/data/checkpoints/model.ckpt");
  }

  /** Parameters of a graph configuration, counted from the layer configurations without allocating them. */
  static long parameters(ComputationGraphConfiguration c) {
    long n = 0;
    for (var v : c.getVertices().values()) {
      if (v instanceof LayerVertex l) {
        n += l.getLayerConf().getLayer().initializer().numParams(l.getLayerConf());
      }
    }
    return n;
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "faster_rcnn_resnet152_pets_2017.config|61356982",
      "faster_rcnn_resnet101_pets_2017.config|45667254",
      "faster_rcnn_resnet152_pets.config|61356982",
      "faster_rcnn_resnet101_pets.config|45667254",
      "faster_rcnn_resnet50_pets.config|26622902",
      "faster_rcnn_resnet101_voc07.config|45580129",
      "faster_rcnn_resnet101_kitti.config|45487879",
      "faster_rcnn_resnet101_coco.config|45938879",
      "faster_rcnn_resnet152_coco.config|61628607",
      "faster_rcnn_resnet50_coco.config|26894527",
      "faster_rcnn_resnet101_fgvc.config|60104379",
      "faster_rcnn_resnet50_fgvc.config|41060027"})
  void aReferenceConfigBuildsItsModel(String name, long expected) throws Exception {
    PipelineSettings s = PipelineSettings.parse(filled(name), name);
    long n = parameters(FasterRcnnGraph.configuration(s.model(), s.train(), 1));
    assertEquals(expected, n, name);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "faster_rcnn_resnet101_atrous_coco.config|model.faster_rcnn.feature_extractor.first_stage_features_stride is 8;"
          + " only 16 is supported"})
  void aReferenceConfigWeCannotHonourIsRefusedInOneLine(String name, String expected) throws Exception {
    PipelineConfigException e = assertThrows(PipelineConfigException.class,
        () -> PipelineSettings.parse(filled(name), name));
    assertEquals(name + ": " + expected, e.getMessage());
    assertTrue(e.getMessage().lines().count() == 1, e.getMessage());
  }
}
