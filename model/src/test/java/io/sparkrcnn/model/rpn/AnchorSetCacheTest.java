package io.sparkrcnn.model.rpn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.sparkrcnn.model.anchors.AnchorGridSpec;
import io.sparkrcnn.model.config.PipelineSettings;
import io.sparkrcnn.model.detector.FasterRcnnGraph;
import io.sparkrcnn.model.roi.BoxClassifier;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.junit.jupiter.api.Test;

class AnchorSetCacheTest {
  private static AnchorGridSpec spec(int canvas, boolean clip) {
    return new AnchorGridSpec(new double[] {0.25, 0.5, 1.0, 2.0}, new double[] {0.5, 1.0, 2.0}, 256, 256, 0, 0, canvas,
        clip);
  }

  @Test
  void equalGridsGiveOneSetSoTheRpnLossAndTheBoxClassifierShareIt() {
    // a graph gives each layer its own copy of the model's grid (and JSON restores them as distinct objects)
    AnchorSet rpn = AnchorSetCache.get(spec(320, false), 20, 20, true);
    assertSame(rpn, AnchorSetCache.get(spec(320, false), 20, 20, true));
  }

  @Test
  void theSetIsTheOneAnchorSetBuilds() {
    AnchorSet built = AnchorSet.of(spec(320, false), 20, 20, true);
    AnchorSet cached = AnchorSetCache.get(spec(320, false), 20, 20, true);
    assertArrayEquals(built.index(), cached.index());
    assertArrayEquals(built.boxes(), cached.boxes());
  }

  @Test
  void featureSizeGridAndPruningEachGiveTheirOwnSet() {
    AnchorSet pruned = AnchorSetCache.get(spec(320, false), 20, 20, true);
    assertNotSame(pruned, AnchorSetCache.get(spec(320, false), 10, 20, true));
    assertNotSame(pruned, AnchorSetCache.get(spec(330, false), 20, 20, true));
    assertNotSame(pruned, AnchorSetCache.get(spec(320, false), 20, 20, false), "inference clips instead of pruning");
  }

  @Test
  void withClippingInTrainingTrainingAndInferenceShareTheClippedSet() {
    assertSame(AnchorSetCache.get(spec(320, true), 20, 20, true), AnchorSetCache.get(spec(320, false), 20, 20, false));
  }

  @Test
  void aRestoredDetectorsRpnLossAndBoxClassifierTrainOnOneAnchorSet() throws Exception {
    PipelineSettings s = PipelineSettings.parse(Files.readString(Path.of("../cluster-configs/pipelines",
        "tiny_pets.config")), "tiny_pets.config");
    ComputationGraphConfiguration conf = ComputationGraphConfiguration.fromJson(
        FasterRcnnGraph.configuration(s.model(), s.train(), 1).toJson());
    RpnLoss rpn = (RpnLoss) ((LayerVertex) conf.getVertices().get(FasterRcnnGraph.RPN_LOSS)).getLayerConf().getLayer();
    BoxClassifier box = (BoxClassifier) ((LayerVertex) conf.getVertices().get(FasterRcnnGraph.BOX_CLASSIFIER))
        .getLayerConf().getLayer();
    assertNotSame(rpn.anchors(), box.anchors());
    assertSame(AnchorSetCache.get(rpn.anchors(), 8, 8, true), AnchorSetCache.get(box.anchors(), 8, 8, true));
  }
}
