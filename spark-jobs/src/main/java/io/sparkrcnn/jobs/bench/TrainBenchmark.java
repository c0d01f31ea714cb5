package io.sparkrcnn.jobs.bench;

import io.sparkrcnn.jobs.train.PipelineFiles;
import io.sparkrcnn.model.config.ModelSettings;
import io.sparkrcnn.model.config.PipelineSettings;
import io.sparkrcnn.model.detector.FasterRcnnGraph;
import io.sparkrcnn.model.detector.GraphFlops;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sparkrcnn bench train}: training and inference speed of the tiny and ResNet-50 detectors on this CPU at one
 * canvas size, against the matrix-multiply and convolution FLOP/s ND4J reaches here.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Times training steps and inference of faster_rcnn_tiny and faster_rcnn_resnet50 on random images"
        + " at --canvas pixels, measures ND4J's matrix-multiply and convolution FLOP/s on this CPU, and prints the"
        + " achieved fraction of that ceiling.")
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

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec command;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = command.commandLine().getOut();
    Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    double gemm = gemmFlops(1024, 5);
    double conv = convFlops(5);
    out.printf(Locale.ROOT, "CPU: %d cores, ND4J %s backend%n", Runtime.getRuntime().availableProcessors(),
        Nd4j.getBackend().getClass().getSimpleName());
    out.printf(Locale.ROOT, "ceiling: matrix multiply (1024×1024×1024 float) %.1f GFLOP/s, convolution"
        + " (DL4J ConvolutionLayer, 3×3, 256→256, 64×64, batch 4) %.1f GFLOP/s%n%n", gemm / 1e9, conv / 1e9);
    out.println("| model | canvas | batch | ms/step | images/s | train GFLOP/image | achieved GFLOP/s | ÷ matmul"
        + " ceiling | ÷ conv ceiling | inference ms/image |");
    out.println("|---|---|---|---|---|---|---|---|---|---|");
    for (String path : configs) {
      PipelineSettings s = PipelineFiles.settings(new org.apache.hadoop.conf.Configuration(), path);
      ModelSettings m = s.model().withCanvas(canvas);
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
      double trainFlops = 3 * GraphFlops.forwardPerImage(g, one, m.secondStageBatchSize());
      double achieved = trainFlops * batchSize / (msPerStep / 1e3);
      out.printf(Locale.ROOT, "| %s | %d | %d | %.0f | %.2f | %.1f | %.1f | %.0f %% | %.0f %% | %.0f |%n",
          m.featureExtractor(), canvas, batchSize, msPerStep, batchSize / (msPerStep / 1e3), trainFlops / 1e9,
          achieved / 1e9, 100 * achieved / gemm, 100 * achieved / conv, inferMs);
      out.flush();
    }
    return 0;
  }

  /** Random images, each with two objects. */
  private static MultiDataSet batch(int n, int canvas) {
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

  /** A 3×3, 256→256 convolution on [4, 256, 64, 64] through DL4J's ConvolutionLayer (im2col + sgemm), forward. */
  private static double convFlops(int reps) {
    var conf = new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder().dataType(DataType.FLOAT)
        .convolutionMode(org.deeplearning4j.nn.conf.ConvolutionMode.Same).graphBuilder().addInputs("in")
        .addLayer("conv", new org.deeplearning4j.nn.conf.layers.ConvolutionLayer.Builder(3, 3).nOut(256)
            .activation(org.nd4j.linalg.activations.Activation.IDENTITY).build(), "in")
        .setOutputs("conv").setInputTypes(org.deeplearning4j.nn.conf.inputs.InputType.convolutional(64, 64, 256))
        .build();
    ComputationGraph g = new ComputationGraph(conf);
    g.init();
    INDArray x = Nd4j.rand(DataType.FLOAT, 4, 256, 64, 64);
    g.outputSingle(x);
    long t0 = System.nanoTime();
    for (int i = 0; i < reps; i++) {
      g.outputSingle(x);
    }
    return 2.0 * 4 * 64 * 64 * 256 * 256 * 9 * reps / ((System.nanoTime() - t0) / 1e9);
  }

}
