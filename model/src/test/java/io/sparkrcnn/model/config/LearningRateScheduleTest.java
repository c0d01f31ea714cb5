package io.sparkrcnn.model.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparkrcnn.model.detector.FasterRcnnGraph;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Nesterovs;

/** Learning rates per step against values computed by hand from the reference's formulas. */
class LearningRateScheduleTest {
  private static TrainSettings train(String learningRate) throws Exception {
    String text = ReferenceConfigsTest.filled("faster_rcnn_resnet101_voc07.config");
    int from = text.indexOf("      learning_rate: {");
    int to = text.indexOf("      momentum_optimizer_value");
    return PipelineSettings.parse(text.substring(0, from) + learningRate + "\n" + text.substring(to), "x").train();
  }

  @Test
  void theVoc07ScheduleStartsAtStepZero() throws Exception {
    // initial 0.0001; schedule { step: 0 .0001 } { step: 500000 .00001 } { step: 700000 .000001 }
    TrainSettings t = PipelineSettings.parse(ReferenceConfigsTest.filled("faster_rcnn_resnet101_voc07.config"),
        "voc07").train();
    long[] steps = {0, 1, 499_999, 500_000, 500_001, 699_999, 700_000, 799_999};
    double[] rates = {1e-4, 1e-4, 1e-4, 1e-5, 1e-5, 1e-5, 1e-6, 1e-6};
    for (int i = 0; i < steps.length; i++) {
      // the config's values are float32, as in the reference
      assertEquals(rates[i], t.learningRateAt(steps[i]), rates[i] * 1e-6, "step " + steps[i]);
      assertEquals(rates[i], t.learningRate().valueAt((int) steps[i], 0), rates[i] * 1e-6, "DL4J at " + steps[i]);
    }
  }

  @Test
  void aBoundaryAtZeroReplacesTheInitialRateFromTheFirstStep() throws Exception {
    TrainSettings t = train("      learning_rate: { manual_step_learning_rate { initial_learning_rate: 0.5"
        + " schedule { step: 0 learning_rate: 0.25 } schedule { step: 3 learning_rate: 0.125 } } }");
    assertEquals(0.25, t.learningRateAt(0));
    assertEquals(0.25, t.learningRateAt(1));
    assertEquals(0.25, t.learningRateAt(2));
    assertEquals(0.125, t.learningRateAt(3));
  }

  @Test
  void theUpdaterAppliesTheSameScheduleAfterAJsonRoundTrip() throws Exception {
    TrainSettings t = train("      learning_rate: { manual_step_learning_rate { initial_learning_rate: 0.5"
        + " schedule { step: 0 learning_rate: 0.25 } schedule { step: 3 learning_rate: 0.125 } } }");
    PipelineSettings s = PipelineSettings.parse(ReferenceConfigsTest.filled("faster_rcnn_resnet101_voc07.config")
        .replace("faster_rcnn_resnet101", "faster_rcnn_tiny").replace("max_dimension: 1024", "max_dimension: 640")
        .replace("min_dimension: 600", "min_dimension: 64"), "tiny");
    ComputationGraphConfiguration c = ComputationGraphConfiguration.fromJson(
        FasterRcnnGraph.configuration(s.model(), t, 1).toJson());
    var layer = (LayerVertex) c.getVertices().get("rpn/conv");
    Nesterovs updater = (Nesterovs) layer.getLayerConf().getLayer().getUpdaterByParam("W");
    assertEquals(0.25, updater.getLearningRate(0, 0));
    assertEquals(0.25, updater.getLearningRate(2, 0));
    assertEquals(0.125, updater.getLearningRate(3, 0));
  }

  @Test
  void manualWarmupRampsLinearlyToTheFirstBoundary() throws Exception {
    TrainSettings t = train("      learning_rate: { manual_step_learning_rate { initial_learning_rate: 0.001"
        + " schedule { step: 100 learning_rate: 0.01 } schedule { step: 200 learning_rate: 0.002 } warmup: true } }");
    assertEquals(0.001, t.learningRateAt(0), 1e-9);
    assertEquals(0.0055, t.learningRateAt(50), 1e-9);
    assertEquals(0.00991, t.learningRateAt(99), 1e-9);
    assertEquals(0.01, t.learningRateAt(100), 1e-9);
    assertEquals(0.002, t.learningRateAt(200), 1e-9);
  }

  @Test
  void exponentialDecayAsTensorFlowComputesIt() throws Exception {
    TrainSettings stairs = train("      learning_rate: { exponential_decay_learning_rate { initial_learning_rate: 0.01"
        + " decay_steps: 10 decay_factor: 0.5 } }");
    assertEquals(0.01, stairs.learningRateAt(0), 1e-9);
    assertEquals(0.01, stairs.learningRateAt(9), 1e-9);
    assertEquals(0.005, stairs.learningRateAt(10), 1e-9);
    assertEquals(0.0025, stairs.learningRateAt(25), 1e-9);
    TrainSettings smooth = train("      learning_rate: { exponential_decay_learning_rate { initial_learning_rate: 0.01"
        + " decay_steps: 10 decay_factor: 0.5 staircase: false } }");
    assertEquals(0.01 / Math.sqrt(2), smooth.learningRateAt(5), 1e-9);
    assertEquals(0.005, smooth.learningRateAt(10), 1e-9);
  }

  @Test
  void cosineDecayWithWarmupAndHold() throws Exception {
    TrainSettings t = train("      learning_rate: { cosine_decay_learning_rate { learning_rate_base: 0.04"
        + " total_steps: 1000 warmup_learning_rate: 0.01 warmup_steps: 100 } }");
    assertEquals(0.01, t.learningRateAt(0), 1e-7);
    assertEquals(0.025, t.learningRateAt(50), 1e-7);
    assertEquals(0.04, t.learningRateAt(100), 1e-7);
    assertEquals(0.02, t.learningRateAt(550), 1e-7);
    assertEquals(0.0, t.learningRateAt(1000), 1e-7);
    assertEquals(0.0, t.learningRateAt(1001), 1e-7);
    TrainSettings held = train("      learning_rate: { cosine_decay_learning_rate { learning_rate_base: 0.04"
        + " total_steps: 1000 warmup_learning_rate: 0.01 warmup_steps: 100 hold_base_rate_steps: 100 } }");
    assertEquals(0.04, held.learningRateAt(150), 1e-7);
    assertEquals(0.04, held.learningRateAt(200), 1e-7);
    // 0.02 * (1 + cos(pi * 450 / 800)) = 0.02 * (1 - 0.19509)
    assertEquals(0.0160982, held.learningRateAt(650), 1e-7);
  }
}
