package io.sparkrcnn.jobs.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.TensorFlow;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TUint8;

/**
 * The TensorFlow half of {@code sparkrcnn bench inference}, the main class of a child JVM whose classpath holds
 * TensorFlow for Java and this one class file only (no ND4J, no DL4J, no other class of ours: TensorFlow's JavaCPP
 * 1.5.11 and ND4J's 1.5.7 cannot share a JVM). Arguments: {@code THREADS WARMUP REPS IMAGE.rgb HEIGHT WIDTH
 * GRAPH.pb...}; each frozen detector graph is imported, fed the uint8 RGB image as {@code image_tensor}
 * {@code [1, HEIGHT, WIDTH, 3]} with THREADS intra-op threads and one inter-op thread, run WARMUP times untimed and
 * REPS times timed. Prints one JSON line on stdout: TensorFlow's version and, per graph, its mean and minimum
 * milliseconds and its detections' count and top detection.
 */
public final class TensorFlowInferenceRunner {
  private TensorFlowInferenceRunner() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 7) {
      System.err.println("usage: TensorFlowInferenceRunner THREADS WARMUP REPS IMAGE.rgb HEIGHT WIDTH GRAPH.pb...");
      System.exit(2);
    }
    int threads = Integer.parseInt(args[0]);
    int warmup = Integer.parseInt(args[1]);
    int reps = Integer.parseInt(args[2]);
    byte[] rgb = Files.readAllBytes(Path.of(args[3]));
    int h = Integer.parseInt(args[4]);
    int w = Integer.parseInt(args[5]);
    StringBuilder json = new StringBuilder();
    json.append("{\"tensorflow\":\"").append(TensorFlow.version()).append("\",\"threads\":").append(threads)
        .append(",\"graphs\":[");
    for (int i = 6; i < args.length; i++) {
      json.append(i > 6 ? "," : "").append(run(Path.of(args[i]), threads, warmup, reps, rgb, h, w));
    }
    System.out.println(json.append("]}"));
  }

  /** One graph's JSON object. */
  static String run(Path pb, int threads, int warmup, int reps, byte[] rgb, int h, int w) throws Exception {
    ConfigProto config = ConfigProto.newBuilder().setIntraOpParallelismThreads(threads)
        .setInterOpParallelismThreads(1).build();
    try (Graph g = new Graph();
        TUint8 image = TUint8.tensorOf(Shape.of(1, h, w, 3), DataBuffers.of(rgb, true, false))) {
      g.importGraphDef(GraphDef.parseFrom(Files.readAllBytes(pb)));
      try (Session session = new Session(g, config)) {
        float[][] first = detect(session, image);
        for (int i = 1; i < warmup; i++) {
          detect(session, image);
        }
        double total = 0;
        double min = Double.MAX_VALUE;
        for (int i = 0; i < reps; i++) {
          long t0 = System.nanoTime();
          detect(session, image);
          double ms = (System.nanoTime() - t0) / 1e6;
          total += ms;
          min = Math.min(min, ms);
        }
        int n = (int) first[3][0];
        String top = n == 0 ? "null" : String.format(Locale.ROOT, "{\"score\":%.9g,\"class\":%d,\"box\":[%.9g,%.9g,"
            + "%.9g,%.9g]}", first[1][0], (int) first[2][0], first[0][0], first[0][1], first[0][2], first[0][3]);
        return String.format(Locale.ROOT, "{\"file\":\"%s\",\"mean_ms\":%.4f,\"min_ms\":%.4f,\"num_detections\":%d,"
            + "\"top\":%s}", pb.getFileName(), total / reps, min, n, top);
      }
    }
  }

  /** boxes, scores, classes and num_detections of one run, flattened. */
  private static float[][] detect(Session session, TUint8 image) {
    try (Result r = session.runner().feed("image_tensor", image).fetch("detection_boxes").fetch("detection_scores")
        .fetch("detection_classes").fetch("num_detections").run()) {
      float[][] out = new float[4][];
      for (int i = 0; i < 4; i++) {
        TFloat32 t = (TFloat32) r.get(i);
        out[i] = new float[(int) t.size()];
        t.copyTo(DataBuffers.of(out[i], false, false));
      }
      return out;
    }
  }
}
