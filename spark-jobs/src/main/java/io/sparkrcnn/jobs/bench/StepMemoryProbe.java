package io.sparkrcnn.jobs.bench;

import io.sparkrcnn.jobs.train.PipelineFiles;
import io.sparkrcnn.model.config.ModelSettings;
import io.sparkrcnn.model.config.PipelineSettings;
import io.sparkrcnn.model.detector.FasterRcnnGraph;
import io.sparkrcnn.model.detector.StepMemory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The child JVM behind {@code bench train}'s memory table, one per model so that each starts from a fresh process:
 * builds a config's detector at the config's own canvas, runs training steps of one image and prints one line
 * ({@link #MARK}) with the process's peak resident memory of each step and the Java heap and ND4J off-heap peaks
 * within it, next to {@link StepMemory}'s estimate as {@code sparkrcnn train} computes it with its default flags.
 *
 * <p>Arguments: pipeline config, steps, ND4J threads, ND4J master threads (the parent's, so that both compute alike).
 */
public final class StepMemoryProbe {
  /** What starts the result line on stdout (ND4J and DL4J may log there too). */
  static final String MARK = "step-memory:";
  /** Batches a worker holds with train's defaults: --averaging_frequency 5 + --prefetch_batches 2. */
  static final int TRAIN_BATCHES_HELD = 5 + 2;

  private StepMemoryProbe() {}

  /** One step: peak resident bytes, and the peaks sampled within it. */
  record Step(long peakResident, long heapUsed, long heapCommitted, long offHeap, long workspaces, double seconds) {}

  /** A model's measurement; {@code failure} is null unless the child failed (then the rest may be zero). */
  record Result(String model, int canvas, long params, long residentBefore, long estimate, List<Step> steps,
      String failure) {

    /** The bytes of one float32 image at the canvas. */
    long imageBytes() {
      return 3L * canvas * canvas * Float.BYTES;
    }

    String encode() {
      StringBuilder s = new StringBuilder(MARK).append(" model=").append(model).append(" canvas=").append(canvas)
          .append(" params=").append(params).append(" rss_before=").append(residentBefore).append(" estimate=")
          .append(estimate);
      for (Step t : steps) {
        s.append(String.format(Locale.ROOT, " step=%d,%d,%d,%d,%d,%.3f", t.peakResident, t.heapUsed,
            t.heapCommitted, t.offHeap, t.workspaces, t.seconds));
      }
      return s.toString();
    }

    static String encodeFailure(String model, String message) {
      return MARK + " model=" + model + " failed=" + message.replace('\n', ' ');
    }

    /** Reads a line of {@link #encode} or {@link #encodeFailure}. */
    static Result decode(String line) {
      String body = line.substring(line.indexOf(MARK) + MARK.length()).trim();
      int failed = body.indexOf(" failed=");
      if (failed >= 0) {
        return new Result(body.substring("model=".length(), failed), 0, 0, 0, 0, List.of(),
            body.substring(failed + " failed=".length()));
      }
      String model = "";
      int canvas = 0;
      long params = 0;
      long before = 0;
      long estimate = 0;
      List<Step> steps = new ArrayList<>();
      for (String kv : body.split(" ")) {
        String key = kv.substring(0, kv.indexOf('='));
        String value = kv.substring(kv.indexOf('=') + 1);
        switch (key) {
          case "model" -> model = value;
          case "canvas" -> canvas = Integer.parseInt(value);
          case "params" -> params = Long.parseLong(value);
          case "rss_before" -> before = Long.parseLong(value);
          case "estimate" -> estimate = Long.parseLong(value);
          case "step" -> {
            String[] v = value.split(",");
            steps.add(new Step(Long.parseLong(v[0]), Long.parseLong(v[1]), Long.parseLong(v[2]), Long.parseLong(v[3]),
                Long.parseLong(v[4]), Double.parseDouble(v[5])));
          }
          default -> throw new IllegalArgumentException("unknown field " + key + " in " + line);
        }
      }
      return new Result(model, canvas, params, before, estimate, steps, null);
    }
  }

  public static void main(String[] args) {
    String config = args[0];
    try {
      Nd4j.getEnvironment().setMaxThreads(Integer.parseInt(args[2]));
      Nd4j.getEnvironment().setMaxMasterThreads(Integer.parseInt(args[3]));
      System.out.println(measure(config, Integer.parseInt(args[1])).encode());
      System.out.flush();
      System.exit(0);
    } catch (Throwable t) { // OutOfMemoryError included: the table reports it for this model
      System.out.println(Result.encodeFailure(config.replaceAll(".*/", ""), t.toString()));
      System.out.flush();
      System.exit(1);
    }
  }

  static Result measure(String config, int steps) throws Exception {
    Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    PipelineSettings s = PipelineFiles.settings(new org.apache.hadoop.conf.Configuration(), config);
    ModelSettings m = s.model();
    int canvas = m.canvasSize();
    System.err.printf(Locale.ROOT, "memory: %s at its %d-pixel canvas: building%n", m.featureExtractor(), canvas);
    ComputationGraph g = FasterRcnnGraph.build(m, s.train(), 1);
    long estimate = (long) StepMemory.of(g, canvas, TRAIN_BATCHES_HELD).bytes(1);
    MultiDataSet batch = TrainBenchmark.batch(1, canvas);
    System.gc();
    long before = ProcessMemory.residentBytes();
    List<Step> measured = new ArrayList<>();
    for (int i = 0; i < steps; i++) {
      System.err.printf(Locale.ROOT, "memory: %s step %d of %d%n", m.featureExtractor(), i + 1, steps);
      ProcessMemory.resetPeak();
      MemorySampler sampler = new MemorySampler();
      long t0 = System.nanoTime();
      g.fit(batch);
      double seconds = (System.nanoTime() - t0) / 1e9;
      MemorySampler.Peaks p = sampler.stop();
      measured.add(new Step(ProcessMemory.peakResidentBytes(), p.heapUsed(), p.heapCommitted(), p.offHeap(),
          p.workspaces(), seconds));
    }
    return new Result(m.featureExtractor(), canvas, g.numParams(), before, estimate, measured, null);
  }

  /** The probe's command-line arguments for this JVM's ND4J threads. */
  static List<String> arguments(String config, int steps) {
    return Arrays.asList(config, Integer.toString(steps), Integer.toString(Nd4j.getEnvironment().maxThreads()),
        Integer.toString(Nd4j.getEnvironment().maxMasterThreads()));
  }
}
