package io.sparkrcnn.jobs.export;

import static io.sparkrcnn.jobs.export.TrainedExport.config;
import static io.sparkrcnn.jobs.export.TrainedExport.export;
import static io.sparkrcnn.jobs.export.TrainedExport.records;
import static io.sparkrcnn.jobs.export.TrainedExport.run;
import static io.sparkrcnn.jobs.export.TrainedExport.tmp;
import static io.sparkrcnn.jobs.export.TrainedExport.trainDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkrcnn.io.labelmap.LabelMap;
import io.sparkrcnn.io.testing.LocalFs;
import io.sparkrcnn.jobs.infer.RecordDetector;
import io.sparkrcnn.jobs.testing.Cli;
import io.sparkrcnn.model.config.PipelineSettings;
import io.sparkrcnn.model.detector.ImageDetections;
import io.sparkrcnn.model.testing.DetectionAgreement;
import io.sparkrcnn.model.export.QuantizeWeights;
import io.sparkrcnn.model.export.QuantizedParams;
import io.sparkrcnn.model.input.RecordFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.types.TUint8;

/**
 * {@code export} on the command line from a checkpoint of a few training steps on synthesised records: the files,
 * the report's sizes and metrics (the checkpoint's equal to eval's metrics.json), and TensorFlow for Java running
 * the frozen and quantized graphs and the SavedModel on a val image with our detections.
 */
@Tag("slow")
class ExportCommandIT {
  @BeforeAll
  static void trainAndExport() throws Exception {
    TrainedExport.ensure();
  }

  static JsonNode report() throws Exception {
    return new ObjectMapper().readTree(export.resolve(ExportReport.NAME).toFile());
  }

  /** The first val record's bytes. */
  static byte[] valRecord() throws Exception {
    try (var files = Files.list(records)) {
      for (Path f : files.filter(p -> p.getFileName().toString().startsWith("pet_faces_val.record")).sorted()
          .toList()) {
        List<byte[]> r = RecordFiles.read(LocalFs.get(), LocalFs.path(f));
        if (!r.isEmpty()) {
          return r.get(0);
        }
      }
    }
    throw new AssertionError("no val record");
  }

  static PipelineSettings settings() throws Exception {
    return PipelineSettings.parse(Files.readString(config), config.toString());
  }

  @Test
  void theExportHoldsEveryFileAndTheReportTheirSizesAndTheCheckpointsEvalMetrics() throws Exception {
    for (String f : List.of("frozen_inference_graph.pb", "frozen_inference_graph_quantized.pb",
        "saved_model/saved_model.pb", "model.dl4j.zip", "pipeline.config", "label_map.pbtxt", "export_report.json")) {
      assertTrue(Files.isRegularFile(export.resolve(f)), f);
    }
    assertTrue(Files.isDirectory(export.resolve("saved_model/variables")));
    assertTrue(Files.readString(export.resolve("pipeline.config")).contains("num_examples: 5"));
    assertEquals(LabelMap.parse(Files.readString(records.resolve("pet_label_map.pbtxt"))),
        LabelMap.parse(Files.readString(export.resolve("label_map.pbtxt"))));
    JsonNode report = report();
    assertEquals(Files.size(trainDir.resolve("model.ckpt-5")), report.get("checkpoint").get("bytes").asLong());
    for (String f : List.of("frozen_inference_graph.pb", "frozen_inference_graph_quantized.pb", "model.dl4j.zip")) {
      assertEquals(Files.size(export.resolve(f)), report.get(f).get("bytes").asLong(), f);
    }
    assertEquals(Files.size(export.resolve("saved_model/saved_model.pb")), report.get("saved_model").get("bytes")
        .asLong());
    assertEquals(5, report.get("eval_images").asInt());
    assertEquals("image_tensor", report.get("input_type").asText());

    Path few = Files.writeString(tmp.resolve("few.config"), Files.readString(config)
        .replace("num_examples: 180", "num_examples: 5"));
    Cli.Run eval = Cli.run("eval", "--pipeline_config_path", few.toString(), "--checkpoint_dir", trainDir.toString(),
        "--eval_dir", tmp.resolve("eval").toString());
    assertEquals(0, eval.exit(), eval.err());
    JsonNode metrics = new ObjectMapper().readTree(tmp.resolve("eval/metrics.json").toFile());
    JsonNode checkpoint = report.get("checkpoint");
    List<String> keys = names(metrics);
    assertEquals(keys.size() + 2, checkpoint.size(), "metrics, path and bytes");
    for (String k : keys) {
      assertEquals(metrics.get(k), checkpoint.get(k), k);
    }
    for (String f : List.of("frozen_inference_graph.pb", "saved_model", "model.dl4j.zip",
        "frozen_inference_graph_quantized.pb")) {
      JsonNode a = report.get(f);
      assertEquals(keys.size() + 2, a.size(), f + ": bytes, metrics and the difference");
      keys.forEach(k -> assertTrue(a.has(k), f + " " + k));
      JsonNode d = a.get("max_detection_difference");
      System.out.printf("%s: %d bytes, mAP@0.5 %s, difference %s%n", f, a.get("bytes").asLong(),
          a.get("PascalBoxes_Precision/mAP@0.5IOU"), d);
      if (!f.contains("quantized")) {
        assertTrue(d.get("boxes").asDouble() < 1e-4 && d.get("scores").asDouble() < 1e-4, f + " " + d);
        assertTrue(d.get("classes_agree").asBoolean(), f + " " + d);
      }
    }
    double ratio = report.get("frozen_inference_graph.pb").get("bytes").asDouble()
        / report.get("frozen_inference_graph_quantized.pb").get("bytes").asDouble();
    System.out.println("float / quantized bytes: " + ratio);
    assertTrue(ratio >= 3.8, "quantized " + ratio + "x smaller");
    assertTrue(run.out().contains("frozen_inference_graph_quantized.pb") && run.out().contains("mAP@0.5 "), run.out());
  }

  @Test
  void tensorFlowRunsTheFrozenQuantizedAndSavedModelGraphsWithOurDetections() throws Exception {
    ComputationGraph restored = ModelSerializer.restoreComputationGraph(export.resolve("model.dl4j.zip").toFile(),
        false);
    ComputationGraph checkpoint = ModelSerializer.restoreComputationGraph(trainDir.resolve("model.ckpt-5").toFile(),
        false);
    assertEquals(io.sparkrcnn.model.export.InferenceGraph.fold(checkpoint).params(), restored.params(),
        "model.dl4j.zip holds the checkpoint's weights, batch norms folded");
    assertTrue(restored.getConfiguration().getVertices().keySet().stream().noneMatch(v -> v.endsWith("/bn")),
        "no batch norm left in model.dl4j.zip");
    try (var zip = new java.util.zip.ZipFile(export.resolve("model.dl4j.zip").toFile())) {
      assertEquals(null, zip.getEntry("updaterState.bin"), "no updater state");
      assertTrue(zip.getEntry("coefficients.bin") != null);
    }
    byte[] record = valRecord();
    byte[] encoded = org.tensorflow.example.Example.parseFrom(record).getFeatures().getFeatureOrThrow(
        "image/encoded").getBytesList().getValue(0).toByteArray();
    PipelineSettings settings = settings();
    ImageDetections ours = new RecordDetector(restored, settings.model()).detect(List.of(record)).get(0);
    ImageDetections oursQuantized = new RecordDetector(QuantizedParams.apply(restored,
        QuantizeWeights.DEFAULT_MINIMUM_SIZE), settings.model()).detect(List.of(record)).get(0);
    ImageDetections frozen = runGraph(export.resolve("frozen_inference_graph.pb"), encoded);
    assertSameDetections(ours, frozen, 1e-3);
    ImageDetections quantized = runGraph(export.resolve("frozen_inference_graph_quantized.pb"), encoded);
    DetectionDifference quantizedRuntimes = DetectionDifference.between(List.of(oursQuantized), List.of(quantized));
    System.out.println("quantized, TensorFlow vs our runtime: " + quantizedRuntimes + "; TensorFlow float vs"
        + " quantized: " + DetectionDifference.between(List.of(frozen), List.of(quantized)));
    assertSameDetections(oursQuantized, quantized, 1e-3);
    try (SavedModelBundle bundle = SavedModelBundle.load(export.resolve("saved_model").toString(), "serve");
        TUint8 image = TensorFlowExport.imageTensor(encoded);
        Result result = bundle.function("serving_default").call(Map.of("inputs", image))) {
      Map<String, Tensor> outputs = new HashMap<>();
      result.forEach(e -> outputs.put(e.getKey(), e.getValue()));
      ImageDetections served = TensorFlowExport.detections("val", outputs);
      assertEquals(DetectionDifference.between(List.of(frozen), List.of(served)), new DetectionDifference(0, 0, true));
    }
  }

  static ImageDetections runGraph(Path file, byte[] encoded) throws Exception {
    try (Graph g = new Graph()) {
      g.importGraphDef(GraphDef.parseFrom(Files.readAllBytes(file)));
      try (Session s = new Session(g); TUint8 image = TensorFlowExport.imageTensor(encoded);
          Result r = s.runner().feed("image_tensor", image).fetch("detection_boxes").fetch("detection_scores")
              .fetch("detection_classes").fetch("num_detections").run()) {
        Map<String, Tensor> outputs = new HashMap<>();
        String[] names = {"detection_boxes", "detection_scores", "detection_classes", "num_detections"};
        for (int i = 0; i < names.length; i++) {
          outputs.put(names[i], r.get(i));
        }
        return TensorFlowExport.detections("val", outputs);
      }
    }
  }

  static void assertSameDetections(ImageDetections a, ImageDetections b, double tolerance) {
    int compared = DetectionAgreement.assertAgree(a, b, tolerance);
    System.out.println(compared + " detections matched of " + a.scores().length + " each");
    assertTrue(compared >= 20, "few detections compared: " + compared);
  }

  private static List<String> names(JsonNode node) {
    List<String> out = new ArrayList<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      out.add(it.next());
    }
    return out;
  }
}
