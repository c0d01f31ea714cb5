package io.sparkrcnn.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkrcnn.io.example.GroundTruth;
import io.sparkrcnn.io.labelmap.LabelMap;
import io.sparkrcnn.io.tfrecord.Compression;
import io.sparkrcnn.io.tfrecord.TfRecordReader;
import io.sparkrcnn.jobs.testing.Cli;
import io.sparkrcnn.model.config.PipelineSettings;
import io.sparkrcnn.model.detector.Detector;
import io.sparkrcnn.model.detector.ImageDetections;
import io.sparkrcnn.model.eval.DetectionMetrics;
import io.sparkrcnn.model.eval.VocEvaluator;
import io.sparkrcnn.model.input.DetectionBatches;
import io.sparkrcnn.model.input.ImagePreparer;
import io.sparkrcnn.model.input.KeepAspectRatioResizer;
import io.sparkrcnn.model.input.RgbImage;
import io.sparkrcnn.model.testing.DetectionAgreement;
import io.sparkrcnn.model.testing.TensorFlowDetector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.tensorflow.example.Example;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Tensor;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.types.TUint8;

/**
 * The learning test's trained tiny detector exported by the command line and run by TensorFlow on every val image
 * at its original size: the frozen graph gives the checkpoint's detections (as many; boxes and scores within 1e-3, the
 * same classes, for all but the weakest, {@link DetectionAgreement}) and the SavedModel's serving_default gives the
 * frozen graph's; the 8-bit graph is at least 3.8× smaller and within 1 mAP point of the float graph.
 */
final class TrainedDetectorExport {
  private static final double TOLERANCE = 1e-3;

  private TrainedDetectorExport() {}

  /** One val record: its id, serialised Example, decoded pixels and ground truth. */
  private record ValImage(String id, byte[] record, RgbImage pixels, GroundTruth truth) {}

  static void check(Path config, Path trainDir, Path records, Path exportDir) throws Exception {
    Cli.Run export = Cli.run("export", "--pipeline_config_path", config.toString(), "--checkpoint_dir",
        trainDir.toString(), "--output_directory", exportDir.toString());
    assertEquals(0, export.exit(), export.err());
    System.out.println(export.out());
    PipelineSettings settings = PipelineSettings.parse(Files.readString(config), config.toString());
    List<ValImage> val = valImages(records);
    ComputationGraph checkpoint = ModelSerializer.restoreComputationGraph(newestCheckpoint(trainDir).toFile(), false);
    List<ImageDetections> ours = ours(checkpoint, settings, val);
    GraphDef frozen = GraphDef.parseFrom(Files.readAllBytes(exportDir.resolve("frozen_inference_graph.pb")));
    GraphDef quantized = GraphDef.parseFrom(Files.readAllBytes(
        exportDir.resolve("frozen_inference_graph_quantized.pb")));
    List<ImageDetections> tfFloat = tensorFlow(frozen, val);
    int compared = 0;
    for (int i = 0; i < val.size(); i++) {
      compared += DetectionAgreement.assertAgree(ours.get(i), tfFloat.get(i), TOLERANCE);
    }
    assertTrue(compared >= 2 * val.size(), "few detections compared: " + compared);
    try (SavedModelBundle bundle = SavedModelBundle.load(exportDir.resolve("saved_model").toString(), "serve")) {
      for (int i = 0; i < 3; i++) {
        try (TUint8 image = TensorFlowDetector.imageTensor(val.get(i).pixels());
            Result served = bundle.function("serving_default").call(Map.of("inputs", image))) {
          Map<String, Tensor> outputs = new HashMap<>();
          served.forEach(e -> outputs.put(e.getKey(), e.getValue()));
          DetectionAgreement.assertAgree(tfFloat.get(i), TensorFlowDetector.detections(List.of(val.get(i).id()),
              outputs).get(0), 0);
        }
      }
    }
    Map<Integer, String> names = LabelMap.parse(Files.readString(exportDir.resolve("label_map.pbtxt"))).namesById();
    List<GroundTruth> truth = val.stream().map(ValImage::truth).toList();
    double floatMap = DetectionMetrics.compute(truth, tfFloat, names).get(VocEvaluator.MAP_KEY);
    double quantizedMap = DetectionMetrics.compute(truth, tensorFlow(quantized, val), names)
        .get(VocEvaluator.MAP_KEY);
    double ratio = (double) frozen.getSerializedSize() / quantized.getSerializedSize();
    System.out.printf("export: %d val images, TensorFlow float mAP@0.5 %.4f, 8-bit %.4f, %d / %d bytes (%.2fx)%n",
        val.size(), floatMap, quantizedMap, frozen.getSerializedSize(), quantized.getSerializedSize(), ratio);
    assertTrue(Math.abs(floatMap - quantizedMap) <= 0.01, "float " + floatMap + ", 8-bit " + quantizedMap);
    assertTrue(ratio >= 3.8, "8-bit graph only " + ratio + "x smaller");
    JsonNode report = new ObjectMapper().readTree(exportDir.resolve("export_report.json").toFile());
    double reported = report.get("frozen_inference_graph.pb").get(VocEvaluator.MAP_KEY).asDouble();
    assertEquals(floatMap, reported, 1e-3, "the report's mAP of the float graph (first num_examples of the eval set)");
  }

  private static List<ValImage> valImages(Path records) throws Exception {
    FileSystem fs = FileSystem.getLocal(new Configuration());
    List<ValImage> out = new ArrayList<>();
    try (var shards = Files.list(records)) {
      for (Path shard : shards.filter(p -> p.getFileName().toString().startsWith("pet_faces_val.record-")).sorted()
          .toList()) {
        try (TfRecordReader r = TfRecordReader.open(fs, new org.apache.hadoop.fs.Path(shard.toUri()),
            Compression.NONE)) {
          for (byte[] rec = r.next(); rec != null; rec = r.next()) {
            Example ex = Example.parseFrom(rec);
            GroundTruth truth = GroundTruth.of(ex);
            byte[] encoded = ex.getFeatures().getFeatureMap().get("image/encoded").getBytesList().getValue(0)
                .toByteArray();
            out.add(new ValImage(truth.sourceId(), rec, RgbImage.decode(truth.sourceId(), encoded), truth));
          }
        }
      }
    }
    return out;
  }

  private static Path newestCheckpoint(Path trainDir) throws Exception {
    String index = Files.readString(trainDir.resolve("checkpoint"));
    String name = index.substring(index.indexOf('"') + 1, index.indexOf('"', index.indexOf('"') + 1));
    return trainDir.resolve(name);
  }

  private static List<ImageDetections> ours(ComputationGraph net, PipelineSettings s, List<ValImage> val)
      throws Exception {
    var m = s.model();
    ImagePreparer preparer = new ImagePreparer(new KeepAspectRatioResizer(m.minDimension(), m.maxDimension()));
    Detector detector = new Detector(net, m);
    List<ImageDetections> out = new ArrayList<>();
    for (ValImage v : val) {
      out.add(detector.detect(DetectionBatches.assemble(List.of(preparer.prepare(v.record(), false)), 1)).get(0));
    }
    return out;
  }

  private static List<ImageDetections> tensorFlow(GraphDef graph, List<ValImage> val) {
    List<ImageDetections> out = new ArrayList<>();
    try (TensorFlowDetector tf = new TensorFlowDetector(graph)) {
      for (ValImage v : val) {
        out.add(tf.detect(v.pixels(), v.id()));
      }
    }
    return out;
  }
}
