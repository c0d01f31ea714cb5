package io.sparkrcnn.jobs.bench;

import io.sparkrcnn.jobs.UserError;
import io.sparkrcnn.jobs.train.PipelineFiles;
import io.sparkrcnn.model.config.ModelSettings;
import io.sparkrcnn.model.config.PipelineSettings;
import io.sparkrcnn.model.detector.FasterRcnnGraph;
import io.sparkrcnn.model.detector.GraphFlops;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.bytedeco.javacpp.Loader;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sparkrcnn bench train}: training and inference speed of the tiny and ResNet-50 detectors on this CPU at one
 * canvas size, against what ND4J reaches here (sgemm, and libnd4j's own conv2d op as the convolution ceiling, which
 * DL4J's {@code ConvolutionLayer} is timed against); then the peak memory of a training step of the ResNet models
 * at their configs' own canvas ({@link StepMemoryTable}).
 */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Times training steps and inference of faster_rcnn_tiny and faster_rcnn_resnet50 on random images"
        + " at --canvas pixels, measures ND4J's matrix-multiply and convolution FLOP/s on this CPU (libnd4j's conv2d"
        + " op and DL4J's ConvolutionLayer), prints the achieved fraction of that ceiling, then the peak resident"
        + " memory of a training step (batch 1, each config's own canvas, a fresh JVM per model) next to the"
        + " executor memory estimate. Prints Markdown tables; progress goes to stderr.")
public final class TrainBenchmark implements Callable<Integer> {
  @Option(names = "--canvas", defaultValue = "600", description = "Square input canvas in pixels (default: ${DEFAULT-VALUE}).")
  int canvas;

  @Option(names = "--steps", defaultValue = "5", description = "Timed training steps per model (default: ${DEFAULT-VALUE}).")
  int steps;

  @Option(names = "--batch_size", defaultValue = "1", description = "Images per step (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--configs", split = ",", defaultValue = "cluster-configs/pipelines/tiny_pets.config,"
      + "cluster-configs/pipelines/faster_rcnn_resnet50_pets.config",
      description = "Pipeline configs whose models to time (default: tiny and ResNet-50).")
  String[] configs;

  @Option(names = "--memory_configs", split = ",", defaultValue = "cluster-configs/pipelines/"
      + "faster_rcnn_resnet50_pets.config,cluster-configs/pipelines/faster_rcnn_resnet101_pets.config,"
      + "cluster-configs/pipelines/faster_rcnn_resnet152_pets.config",
      description = "Pipeline configs whose training-step memory to measure, each at its own canvas in a JVM of its"
          + " own; none to skip (default: ResNet-50, -101 and -152).")
  String[] memoryConfigs;

  @Option(names = "--memory_steps", defaultValue = "2",
      description = "Training steps per model for the memory table (default: ${DEFAULT-VALUE}).")
  int memorySteps;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec command;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = command.commandLine().getOut();
    PrintWriter err = command.commandLine().getErr();
    if (steps < 1 || memorySteps < 1 || batchSize < 1 || canvas < 32) {
      throw new UserError("--steps, --memory_steps and --batch_size must be at least 1, --canvas at least 32");
    }
    List<String> memory = Arrays.asList(memoryConfigs).equals(List.of("none")) ? List.of() : List.of(memoryConfigs);
    for (String path : memory) {
      PipelineFiles.settings(new org.apache.hadoop.conf.Configuration(), path); // a missing config: one line, now
    }
    if (!memory.isEmpty() && !ProcessMemory.available()) {
      throw new UserError("the memory table reads and resets peak resident memory through /proc/self (Linux);"
          + " run with --memory_configs none here");
    }
    Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    out.printf(Locale.ROOT, "CPU: %d cores, ND4J %s backend, nd4j-native %s, ND4J threads %d (master threads %d)%n",
        Runtime.getRuntime().availableProcessors(), Nd4j.getBackend().getClass().getSimpleName(), nativeBuild(),
        Nd4j.getEnvironment().maxThreads(), Nd4j.getEnvironment().maxMasterThreads());
    err.println("train: measuring the matrix-multiply and convolution ceilings");
    err.flush();
    double gemm = gemmFlops(1024, Math.max(2, steps));
    ConvolutionCeiling.Result conv = ConvolutionCeiling.measure(Math.max(2, steps));
    printCeilings(out, gemm, conv);
    out.println("| model | canvas | batch | ms/step | images/s | train GFLOP/image | achieved GFLOP/s | ÷ matmul"
        + " ceiling | ÷ conv2d op | inference ms/image |");
    out.println("|---|---|---|---|---|---|---|---|---|---|");
    out.flush();
    List<String> helpers = new ArrayList<>();
    for (String path : configs) {
      helpers.add(timeModel(path, gemm, conv.opFlops(), out, err));
    }
    out.println();
    out.println("DL4J helpers by layer type:");
    helpers.forEach(h -> out.println("- " + h));
    out.flush();
    if (!memory.isEmpty()) {
      StepMemoryTable.print(memory, memorySteps, out, err);
    }
    return 0;
  }

  private static void printCeilings(PrintWriter out, double gemm, ConvolutionCeiling.Result conv) {
    out.printf(Locale.ROOT, "ConvolutionLayer helper: %s%n%n", conv.layerHelper());
    out.println("| ceiling (float, forward) | GFLOP/s | ÷ conv2d op |");
    out.println("|---|---:|---:|");
    out.printf(Locale.ROOT, "| matrix multiply, sgemm 1024×1024×1024 | %.1f | – |%n", gemm / 1e9);
    out.printf(Locale.ROOT, "| libnd4j conv2d op, 3×3, 256→256, [4, 256, 64, 64] NCHW | %.1f | 100 %% |%n",
        conv.opFlops() / 1e9);
    out.printf(Locale.ROOT, "| DL4J ConvolutionLayer (helper: %s), the same convolution | %.1f | %.0f %% |%n%n",
        conv.layerHelper(), conv.layerFlops() / 1e9, 100 * conv.layerFlops() / conv.opFlops());
    out.printf(Locale.ROOT, "(op and layer outputs differ by at most %.1e of the largest output)%n%n",
        conv.relativeDifference());
  }

  /** Times one config's model, prints its row and returns its helpers line. */
  private String timeModel(String path, double gemm, double convOp, PrintWriter out, PrintWriter err)
      throws java.io.IOException {
    PipelineSettings s = PipelineFiles.settings(new org.apache.hadoop.conf.Configuration(), path);
    ModelSettings m = s.model().withCanvas(canvas);
    err.printf(Locale.ROOT, "train: %s at %d pixels: %d warm-up and %d timed steps, then inference%n",
        m.featureExtractor(), canvas, 2, steps);
    err.flush();
    ComputationGraph g = FasterRcnnGraph.build(m, s.train(), 1);
    MultiDataSet batch = batch(batchSize, canvas);
    for (int i = 0; i < 2; i++) {
      g.fit(batch);
    }
    long t0 = System.nanoTime();
    for (int i = 0; i < steps; i++) {
      g.fit(batch);
    }
    double msPerStep = (System.nanoTime() - t0) / 1e6 / steps;
    INDArray one = batch(1, canvas).getFeatures(0);
    g.output(false, one);
    t0 = System.nanoTime();
    int inferRuns = Math.max(2, steps);
    for (int i = 0; i < inferRuns; i++) {
      g.output(false, one);
    }
    double inferMs = (System.nanoTime() - t0) / 1e6 / inferRuns;
    // training ≈ forward + backward (2× forward); the box head sees second_stage_batch_size RoIs per image
    double trainFlops = 3 * GraphFlops.forwardPerImage(g, one, m.secondStage().batchSize());
    double achieved = trainFlops * batchSize / (msPerStep / 1e3);
    out.printf(Locale.ROOT, "| %s | %d | %d | %.0f | %.2f | %.1f | %.1f | %.0f %% | %.0f %% | %.0f |%n",
        m.featureExtractor(), canvas, batchSize, msPerStep, batchSize / (msPerStep / 1e3), trainFlops / 1e9,
        achieved / 1e9, 100 * achieved / gemm, 100 * achieved / convOp, inferMs);
    out.flush();
    return m.featureExtractor() + ": " + LayerHelpers.describe(g);
  }

  /** The nd4j-native build that was loaded (its JavaCPP platform directory, e.g. linux-x86_64-onednn). */
  static String nativeBuild() {
    for (String library : Loader.getLoadedLibraries().values()) {
      if (library != null && library.contains("jnind4jcpu")) {
        return Path.of(library).getParent().getFileName().toString();
      }
    }
    return "(build unknown)";
  }

  /** Random images, each with two objects. */
  static MultiDataSet batch(int n, int canvas) {
    Nd4j.getRandom().setSeed(1);
    INDArray x = Nd4j.rand(DataType.FLOAT, n, 3, canvas, canvas).muli(255).subi(120);
    float c = canvas;
    float[][] gt = new float[n][];
    for (int i = 0; i < n; i++) {
      gt[i] = new float[] {0.1f * c, 0.1f * c, 0.5f * c, 0.45f * c, 1, 0.4f * c, 0.5f * c, 0.9f * c, 0.8f * c, 2};
    }
    INDArray labels = Nd4j.create(gt);
    return new MultiDataSet(new INDArray[] {x}, new INDArray[] {labels, labels.dup()});
  }

  private static double gemmFlops(int n, int reps) {
    INDArray a = Nd4j.rand(DataType.FLOAT, n, n);
    INDArray b = Nd4j.rand(DataType.FLOAT, n, n);
    INDArray c = Nd4j.create(DataType.FLOAT, n, n);
    Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
    long t0 = System.nanoTime();
    for (int i = 0; i < reps; i++) {
      Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
    }
    return 2.0 * n * n * n * reps / ((System.nanoTime() - t0) / 1e9);
  }
}
