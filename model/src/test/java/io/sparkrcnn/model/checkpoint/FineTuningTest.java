package io.sparkrcnn.model.checkpoint;

import io.sparkrcnn.model.trainable.ParameterScopes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.sparkrcnn.model.config.ModelSettings;
import io.sparkrcnn.model.config.PipelineSettings;
import io.sparkrcnn.model.detector.FasterRcnnGraph;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;

class FineTuningTest {
  @Test
  void matchingParametersAreCopiedAndTheHeadOfAnotherClassCountStaysFresh() throws Exception {
    String text = Files.readString(Path.of("../cluster-configs/pipelines/tiny_pets.config"));
    PipelineSettings pets = PipelineSettings.parse(text, "tiny");
    PipelineSettings five = PipelineSettings.parse(text.replace("num_classes: 37", "num_classes: 5"), "tiny5");
    ComputationGraph source = FasterRcnnGraph.build(pets.model(), pets.train(), 1);
    ComputationGraph target = FasterRcnnGraph.build(five.model(), five.train(), 2);
    var freshClassW = target.getParam("box_classifier_classW").dup();
    assertNotEquals(source.getParam("tiny/conv1_down_W"), target.getParam("tiny/conv1_down_W"), "different seeds");

    FineTuning.Restored r = FineTuning.restore(target, source);

    assertEquals(4, r.kept(), "class and box layers of the head: other shapes");
    assertEquals(target.paramTable().size() - 4, r.copied());
    assertEquals(source.getParam("tiny/conv1_down_W"), target.getParam("tiny/conv1_down_W"));
    assertEquals(source.getParam("rpn/conv_W"), target.getParam("rpn/conv_W"));
    assertEquals(source.getParam("box_classifier_hiddenW"), target.getParam("box_classifier_hiddenW"));
    assertEquals(freshClassW, target.getParam("box_classifier_classW"));
  }

  @Test
  void excludedScopesKeepTheirFreshInitialisationAndTheRestComesFromTheSource() throws Exception {
    String text = Files.readString(Path.of("../cluster-configs/pipelines/tiny_pets.config"));
    PipelineSettings pets = PipelineSettings.parse(text, "tiny");
    PipelineSettings five = PipelineSettings.parse(text.replace("num_classes: 37", "num_classes: 5"), "tiny5");
    ComputationGraph source = FasterRcnnGraph.build(pets.model(), pets.train(), 1);
    ComputationGraph target = FasterRcnnGraph.build(five.model(), five.train(), 2);
    ComputationGraph fresh = FasterRcnnGraph.build(five.model(), five.train(), 2);
    assertEquals(54, target.paramTable().size(), "8 convolutions, 8 batch norms of 4, 3 RPN convolutions of 2, 8 head");

    FineTuning.Restored r = FineTuning.restore(target, source,
        ParameterScopes.parse("--checkpoint_exclude_scopes", "tiny/conv1_down,rpn/objectness"));

    assertEquals(new FineTuning.Restored(43, 7, 4), r, "excluded: conv W + 4 batch norm + objectness W, b");
    for (String name : target.paramTable().keySet()) {
      boolean excluded = name.startsWith("tiny/conv1_down") || name.startsWith("rpn/objectness");
      boolean otherShape = name.startsWith("box_classifier_class") || name.startsWith("box_classifier_box");
      var expected = (excluded || otherShape ? fresh : source).getParam(name);
      assertEquals(expected, target.getParam(name), name);
    }
    assertNotEquals(source.getParam("tiny/conv1_down_W"), target.getParam("tiny/conv1_down_W"));
    assertNotEquals(fresh.getParam("tiny/conv1_W"), target.getParam("tiny/conv1_W"));
  }
}
