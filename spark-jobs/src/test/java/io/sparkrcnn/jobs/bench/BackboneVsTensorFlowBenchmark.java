package io.sparkrcnn.jobs.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrcnn.jobs.train.PipelineFiles;
import io.sparkrcnn.model.backbone.Backbone;
import io.sparkrcnn.model.config.ModelSettings;
import io.sparkrcnn.model.config.PipelineSettings;
import io.sparkrcnn.model.detector.FasterRcnnGraph;
import io.sparkrcnn.model.detector.GraphFlops;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Supplier;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tensorflow.TensorFlow;
import org.tensorflow.types.TFloat32;

/**
 * ResNet-50 blocks 1–3 (our {@code ResNetBackbone}) forward, batch 1, in DL4J and in TensorFlow for Java on the same
 * weights and threads, at 608 and 600 pixels, and the whole ResNet-50 detector's inference at 600 pixels against
 * TensorFlow's backbone time (the target: at most 2×). A benchmark, not a test: surefire runs only classes named
 * {@code *Test}, so the default build never runs it; run it with
 * {@code mvn -B -o -q -pl spark-jobs -am test -Dtest=BackboneVsTensorFlowBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false}
 * (from the repository root; {@code -Dsparkrcnn.benchmark.reps=N} for more timed passes). It prints a Markdown
 * table and writes it to {@code spark-jobs/target/benchmarks/backbone-vs-tensorflow.md}. TensorFlow stays out of
 * the application: it is a test-scope dependency of this module.
 */
@Tag("benchmark")
class BackboneVsTensorFlowBenchmark {
  private static final int[] CANVASES = {608, 600};
  private static final String RESNET50 = "../cluster-configs/pipelines/faster_rcnn_resnet50_pets.config";

  @Test
  void resNet50BackboneDl4jVsTensorFlow() throws IOException {
    int reps = Integer.getInteger("sparkrcnn.benchmark.reps", 3);
    int threads = Nd4j.getEnvironment().maxThreads();
    Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    StringWriter table = new StringWriter();
    ComputationGraph dl4j = BackboneGraph.build(Backbone.named("faster_rcnn_resnet50", false), CANVASES[0], 1);
    BackboneGraph.randomizeBatchNorm(dl4j, 2);
    table.append(String.format(Locale.ROOT, "CPU: %d cores; ND4J nd4j-native %s, %d threads; TensorFlow %s, %d"
        + " intra-op threads, 1 inter-op; DL4J helpers: %s%n%n", Runtime.getRuntime().availableProcessors(),
        TrainBenchmark.nativeBuild(), threads, TensorFlow.version(), threads, LayerHelpers.describe(dl4j)));
    convolution(table, reps, threads);
    table.append("| forward pass, batch 1, random weights | canvas | ms | GFLOP | GFLOP/s | ÷ TensorFlow backbone"
        + " |\n");
    table.append("|---|---:|---:|---:|---:|---:|\n");
    double tfAt600 = 0;
    StringWriter agreement = new StringWriter();
    try (TensorFlowBackbone tf = TensorFlowBackbone.of(dl4j, threads)) {
      for (int canvas : CANVASES) {
        INDArray x = TensorFlowBackboneTest.image(canvas, canvas);
        progress("backbone at " + canvas + " pixels: FLOPs, agreement, then DL4J and TensorFlow forward passes");
        double flops = GraphFlops.forwardPerImage(dl4j, x, 0);
        double diff = TensorFlowBackboneTest.relativeDifference(dl4j.outputSingle(x), tf.output(x));
        agreement.append(String.format(Locale.ROOT, "- %d pixels: the outputs ([1, 1024, %d, %d]) differ by at most"
            + " %.1e of the largest activation%n", canvas, Backbone.featureSize(canvas),
            Backbone.featureSize(canvas), diff));
        assertTrue(diff < 1e-3, "DL4J and TensorFlow backbones disagree by " + diff);
        double dl4jMs = millis(reps, () -> dl4j.outputSingle(x));
        double tfMs;
        try (TFloat32 nhwc = TensorFlowBackbone.nhwc(x)) {
          tf.run(nhwc);
          tfMs = millis(Math.max(reps, 10), () -> {
            tf.run(nhwc);
            return null;
          });
        }
        tfAt600 = canvas == 600 ? tfMs : tfAt600;
        row(table, "TensorFlow " + TensorFlow.version() + ", ResNet-50 blocks 1–3", canvas, tfMs, flops, tfMs);
        row(table, "DL4J, the same backbone and weights", canvas, dl4jMs, flops, tfMs);
      }
    }
    progress("faster_rcnn_resnet50 detector inference at 600 pixels");
    PipelineSettings s = PipelineFiles.settings(new org.apache.hadoop.conf.Configuration(), RESNET50);
    ModelSettings m = s.model().withCanvas(600);
    ComputationGraph detector = FasterRcnnGraph.build(m, s.train(), 1);
    INDArray x = TensorFlowBackboneTest.image(600, 600);
    double flops = GraphFlops.forwardPerImage(detector, x, m.firstStage().maxProposals());
    double detectorMs = millis(reps, () -> detector.output(false, x));
    row(table, "DL4J, whole faster_rcnn_resnet50 inference (" + m.firstStage().maxProposals() + " proposals)", 600,
        detectorMs, flops, tfAt600);
    table.append("\nSame weights on both sides (batch-norm statistics random too):\n").append(agreement.toString());
    System.out.println();
    System.out.print(table);
    System.out.flush();
    Path file = Path.of("target", "benchmarks", "backbone-vs-tensorflow.md");
    Files.createDirectories(file.getParent());
    Files.writeString(file, table.toString());
  }

  /**
   * The convolution of {@code bench train}'s ceiling (3×3, 256→256, {@code [4, 256, 64, 64]}, forward) through
   * TensorFlow's {@code Conv2D} (NHWC) and through DL4J's {@code ConvolutionLayer}, on the same weights: the issue-10
   * target is the layer at ≥ 80 % of TensorFlow's rate.
   */
  private static void convolution(StringWriter table, int reps, int threads) {
    progress("3×3 256→256 convolution: DL4J layer and TensorFlow");
    ComputationGraph layer = ConvolutionCeiling.layerGraph();
    INDArray x = ConvolutionCeiling.input();
    int n = Math.max(reps, 10);
    double layerMs = millis(n, () -> layer.outputSingle(x));
    double tfMs;
    double diff;
    try (TensorFlowBackbone tf = TensorFlowBackbone.of(layer, threads); TFloat32 nhwc = TensorFlowBackbone.nhwc(x)) {
      diff = TensorFlowBackboneTest.relativeDifference(layer.outputSingle(x), tf.output(x));
      assertTrue(diff < 1e-3, "DL4J and TensorFlow convolutions disagree by " + diff);
      tf.run(nhwc);
      tfMs = millis(n, () -> {
        tf.run(nhwc);
        return null;
      });
    }
    double gflop = ConvolutionCeiling.FLOPS / 1e9;
    table.append("| 3×3 convolution 256→256, [4, 256, 64, 64], forward | ms | GFLOP/s | ÷ TensorFlow's rate |\n");
    table.append("|---|---:|---:|---:|\n");
    table.append(String.format(Locale.ROOT, "| TensorFlow %s `Conv2D` (NHWC) | %.1f | %.1f | 100 %% |%n",
        TensorFlow.version(), tfMs, gflop / (tfMs / 1e3)));
    table.append(String.format(Locale.ROOT, "| DL4J `ConvolutionLayer` (helper: %s) | %.1f | %.1f | %.0f %% |%n",
        LayerHelpers.name(layer.getLayer("conv")), layerMs, gflop / (layerMs / 1e3), 100 * tfMs / layerMs));
    table.append(String.format(Locale.ROOT, "%nThe two outputs differ by at most %.1e of the largest.%n%n", diff));
  }

  private static void row(StringWriter t, String what, int canvas, double ms, double flops, double tfMs) {
    t.append(String.format(Locale.ROOT, "| %s | %d | %.0f | %.1f | %.1f | %.2f |%n", what, canvas, ms, flops / 1e9,
        flops / 1e9 / (ms / 1e3), ms / tfMs));
  }

  /** Mean milliseconds of {@code reps} calls after one warm-up call. */
  private static double millis(int reps, Supplier<?> pass) {
    pass.get();
    long t0 = System.nanoTime();
    for (int i = 0; i < reps; i++) {
      pass.get();
    }
    return (System.nanoTime() - t0) / 1e6 / reps;
  }

  private static void progress(String what) {
    System.err.println("benchmark: " + what);
  }
}
