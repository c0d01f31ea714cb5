package io.sparkrcnn.jobs.bench;

import io.sparkrcnn.jobs.UserError;
import io.sparkrcnn.jobs.train.PipelineFiles;
import io.sparkrcnn.model.config.ModelSettings;
import io.sparkrcnn.model.config.PipelineSettings;
import io.sparkrcnn.model.detector.Detector;
import io.sparkrcnn.model.detector.ImageDetections;
import io.sparkrcnn.model.export.DetectorGraphDef;
import io.sparkrcnn.model.export.ExportInput;
import io.sparkrcnn.model.export.QuantizeWeights;
import io.sparkrcnn.model.input.DetectionBatch;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.tensorflow.proto.GraphDef;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sparkrcnn bench inference}: per-image detection time (batch 1) of random-weight detectors in DL4J (the
 * checkpoint and the inference model {@code model.dl4j.zip}, read back as written) and in TensorFlow (the frozen
 * graph and its 8-bit-weight version), on the same CPU with the same thread count, and each artefact's size. The
 * TensorFlow half runs in a child JVM ({@link TensorFlowInferenceRunner}, {@link TensorFlowChild}): TensorFlow's
 * native runtime never enters this JVM.
 */
@Command(name = "inference", mixinStandardHelpOptions = true,
    description = "Times detection of one image (batch 1) in DL4J (checkpoint and model.dl4j.zip) and in TensorFlow"
        + " (frozen_inference_graph.pb and its quantized version, in a child JVM with TensorFlow for Java's jars),"
        + " random weights, same CPU and threads; prints a Markdown table with each artefact's bytes and writes it"
        + " to WORK_DIR/inference.md. Progress goes to stderr.")
public final class InferenceBenchmark implements Callable<Integer> {
  @Option(names = "--configs", split = ",", defaultValue = "cluster-configs/pipelines/tiny_pets.config,"
      + "cluster-configs/pipelines/tiny_pets.config@600,cluster-configs/pipelines/faster_rcnn_resnet50_pets.config@600",
      description = "Pipeline configs to time, each at its own canvas or CONFIG@PIXELS (default: tiny at its own"
          + " canvas and at 600, ResNet-50 at 600).")
  String[] configs;

  @Option(names = "--warmup", defaultValue = "2", description = "Untimed runs first (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--reps", defaultValue = "3", description = "Timed runs per artefact (default: ${DEFAULT-VALUE}).")
  int reps;

  @Option(names = "--work_dir", defaultValue = "bench-work/inference",
      description = "Where the artefacts, the image and inference.md go (default: ${DEFAULT-VALUE}).")
  Path workDir;

  @Option(names = "--maven_repository", defaultValue = "${sys:user.home}/.m2/repository",
      description = "Local Maven repository holding TensorFlow for Java's jars (default: ${DEFAULT-VALUE}).")
  Path repository;

  @Option(names = "--tensorflow_classpath",
      description = "TensorFlow for Java's jars, ':'-separated, instead of looking them up in --maven_repository.")
  String tensorflowClasspath;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec command;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = command.commandLine().getOut();
    PrintWriter err = command.commandLine().getErr();
    if (warmup < 1 || reps < 1) {
      throw new UserError("--warmup and --reps must be at least 1");
    }
    List<Path> tfJars = tensorflowClasspath != null ? TensorFlowClasspath.given(tensorflowClasspath) : null;
    String missing = null;
    if (tfJars == null) {
      var lookup = TensorFlowClasspath.find(repository, TensorFlowClasspath.coordinates(platform()));
      tfJars = lookup.found() ? lookup.jars() : null;
      missing = lookup.found() ? null : lookup.howToGet(repository);
    }
    List<ModelSpec> specs = new ArrayList<>();
    for (String c : configs) {
      specs.add(ModelSpec.parse(c));
    }
    Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    int threads = Nd4j.getEnvironment().maxThreads();
    workDir = Files.createDirectories(workDir).toAbsolutePath(); // the child runs in another folder
    StringBuilder doc = new StringBuilder(String.format(Locale.ROOT, "CPU: %s, %d cores, load average %s; Java %s;"
        + " ND4J nd4j-native %s,"
        + " %d threads; TensorFlow: %d intra-op threads, 1 inter-op; warm-up %d, %d timed runs each%n%n",
        CpuModel.name(), Runtime.getRuntime().availableProcessors(), CpuModel.loadAverage(),
        System.getProperty("java.version"),
        TrainBenchmark.nativeBuild(), threads, threads, warmup, reps));
    StringBuilder rows = new StringBuilder(InferenceTable.HEADER);
    List<String> notes = new ArrayList<>();
    boolean ok = true;
    for (ModelSpec spec : specs) {
      ok &= time(spec, threads, tfJars, rows, notes, err);
    }
    doc.append(rows).append('\n');
    notes.forEach(n -> doc.append("- ").append(n).append('\n'));
    if (missing != null) {
      doc.append("\nNo TensorFlow rows: ").append(missing).append('\n');
    }
    out.print(doc);
    out.flush();
    Files.writeString(workDir.resolve("inference.md"), doc);
    return ok ? 0 : 1;
  }

  /** Times one model in DL4J and, when {@code tfJars} is given, in TensorFlow; false when the child failed. */
  private boolean time(ModelSpec spec, int threads, List<Path> tfJars, StringBuilder rows, List<String> notes,
      PrintWriter err) throws Exception {
    PipelineSettings s = PipelineFiles.settings(new org.apache.hadoop.conf.Configuration(), spec.config());
    ModelSettings m = spec.canvas() > 0 ? s.model().withCanvas(spec.canvas()) : s.model();
    int canvas = m.canvasSize();
    String name = m.featureExtractor();
    Path dir = workDir.resolve(name + "-" + canvas);
    Files.createDirectories(dir);
    progress(err, name + " at " + canvas + " pixels: random weights, checkpoint and model.dl4j.zip");
    ComputationGraph trained = InferenceModels.randomDetector(m, s.train(), 17);
    Path ckpt = dir.resolve("model.ckpt.zip");
    Path zip = dir.resolve("model.dl4j.zip");
    InferenceModels.trainingState(trained, 23);
    ComputationGraph checkpoint = InferenceModels.roundTrip(trained, ckpt.toFile(), true);
    ComputationGraph inference = InferenceModels.roundTrip(InferenceModels.inferenceModel(trained), zip.toFile(),
        false);
    BufferedImage img = InferenceModels.image(canvas * 3 / 4, canvas, canvas);
    DetectionBatch batch = InferenceModels.batch(img, m, name);
    progress(err, name + " at " + canvas + " pixels: DL4J");
    ImageDetections[] ours = new ImageDetections[1];
    double[] ck = dl4jMillis(new Detector(checkpoint, m), batch, ours);
    rows.append(InferenceTable.row(new InferenceTable.Row(name, canvas, "DL4J", "checkpoint (with updater)",
        Files.size(ckpt), ck[0], ck[1])));
    double[] in = dl4jMillis(new Detector(inference, m), batch, new ImageDetections[1]);
    rows.append(InferenceTable.row(new InferenceTable.Row(name, canvas, "DL4J", "model.dl4j.zip", Files.size(zip),
        in[0], in[1])));
    double[] forward = dl4jMillis(() -> checkpoint.output(false, batch.data().getFeatures()));
    notes.add(String.format(Locale.ROOT, "%s at %d, DL4J: of the checkpoint's %.1f ms, ComputationGraph.output"
        + " (the network without our Java post-processing) takes %.1f ms (min %.1f)", name, canvas, ck[0], forward[0],
        forward[1]));
    progress(err, name + " at " + canvas + " pixels: frozen graphs");
    GraphDef frozen = DetectorGraphDef.build(trained, m, ExportInput.IMAGE_TENSOR);
    Path pb = dir.resolve("frozen_inference_graph.pb");
    Path quantized = dir.resolve("frozen_inference_graph_quantized.pb");
    Files.write(pb, frozen.toByteArray());
    Files.write(quantized, QuantizeWeights.apply(frozen).toByteArray());
    if (tfJars == null) {
      return true;
    }
    progress(err, name + " at " + canvas + " pixels: TensorFlow (child JVM)");
    Path image = dir.resolve("image.rgb");
    Files.write(image, InferenceModels.rgb(img));
    InferenceTable.TensorFlowRun tf;
    try {
      tf = TensorFlowChild.run(tfJars, dir, List.of(String.valueOf(threads), String.valueOf(warmup),
          String.valueOf(reps), image.toString(), String.valueOf(img.getHeight()), String.valueOf(img.getWidth()),
          pb.toString(), quantized.toString()));
    } catch (java.io.IOException e) {
      notes.add(name + " at " + canvas + ": no TensorFlow rows: " + e.getMessage());
      return false;
    }
    for (int i = 0; i < 2; i++) {
      InferenceTable.GraphResult g = tf.graphs().get(i);
      rows.append(InferenceTable.row(new InferenceTable.Row(name, canvas, "TensorFlow " + tf.version(), g.file(),
          Files.size(i == 0 ? pb : quantized), g.meanMs(), g.minMs())));
      notes.add(InferenceTable.agreement(name, canvas, ours[0], g, i == 0 ? 1e-3 : Double.NaN));
    }
    return true;
  }

  /** Mean and minimum milliseconds of {@code reps} detections after {@code warmup}; the first detections kept. */
  private double[] dl4jMillis(Detector detector, DetectionBatch batch, ImageDetections[] first) {
    first[0] = detector.detect(batch).get(0);
    return dl4jMillis(() -> detector.detect(batch));
  }

  /** Mean and minimum milliseconds of {@code reps} runs after {@code warmup} (one of them already done). */
  private double[] dl4jMillis(Runnable run) {
    for (int i = 1; i < warmup; i++) {
      run.run();
    }
    double total = 0;
    double min = Double.MAX_VALUE;
    for (int i = 0; i < reps; i++) {
      long t0 = System.nanoTime();
      run.run();
      double ms = (System.nanoTime() - t0) / 1e6;
      total += ms;
      min = Math.min(min, ms);
    }
    return new double[] {total / reps, min};
  }

  private static void progress(PrintWriter err, String what) {
    err.println("inference: " + what);
    err.flush();
  }

  /** JavaCPP's name for this platform (e.g. linux-x86_64): the classifier of TensorFlow's native jar. */
  static String platform() {
    return org.bytedeco.javacpp.Loader.getPlatform();
  }

  /** A {@code --configs} entry: a config path, optionally {@code @PIXELS} for another canvas (0: its own). */
  record ModelSpec(String config, int canvas) {
    static ModelSpec parse(String entry) {
      int at = entry.lastIndexOf('@');
      if (at < 0) {
        return new ModelSpec(entry, 0);
      }
      try {
        int canvas = Integer.parseInt(entry.substring(at + 1));
        if (canvas >= 32) {
          return new ModelSpec(entry.substring(0, at), canvas);
        }
      } catch (NumberFormatException e) {
        // refused below
      }
      throw new UserError("--configs: '" + entry + "' is not CONFIG or CONFIG@PIXELS (PIXELS at least 32)");
    }
  }
}
