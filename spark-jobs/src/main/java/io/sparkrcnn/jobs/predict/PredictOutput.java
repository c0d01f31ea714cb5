package io.sparkrcnn.jobs.predict;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkrcnn.io.fs.StagedOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Writes a predict run's output into its staging directory from the tasks' outputs, in partition order (input
 * order): {@value DetectionsJsonl#NAME} (the tasks' parts joined: one line per image that was predicted, all its
 * detections), the drawings moved from the attempts directory to {@code images/} under their {@link ImageNames},
 * and {@value #REPORT}.
 */
final class PredictOutput {
  static final String REPORT = "predict_report.json";
  static final String IMAGES = "images";
  /** Skipped inputs listed by id in the report (all are counted). */
  static final int LISTED_SKIPS = 1000;

  private PredictOutput() {}

  static PredictResult write(FileSystem fs, StagedOutput staged, List<TaskOutput> tasks, ObjectNode settings)
      throws IOException {
    List<TaskOutput> sorted = tasks.stream().sorted(Comparator.comparingInt(TaskOutput::partition)).toList();
    try (OutputStream out = fs.create(new Path(staged.staging(), DetectionsJsonl.NAME), false)) {
      for (TaskOutput t : sorted) {
        try (InputStream part = fs.open(new Path(t.part()))) {
          part.transferTo(out);
        }
      }
    }
    List<PredictedImage> results = sorted.stream().flatMap(t -> t.images().stream())
        .sorted(Comparator.comparingInt(PredictedImage::file).thenComparingLong(PredictedImage::position)).toList();
    long predicted = 0;
    long detections = 0;
    long drawn = 0;
    List<PredictResult.Skip> skips = new ArrayList<>();
    long skipped = 0;
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode report = json.createObjectNode();
    report.setAll(settings);
    ObjectNode renamed = json.createObjectNode();
    ImageNames names = new ImageNames();
    if (results.stream().anyMatch(r -> r.drawing() != null)) {
      fs.mkdirs(new Path(staged.staging(), IMAGES));
    }
    for (PredictedImage r : results) {
      if (r.skipped() != null) {
        if (skipped++ < LISTED_SKIPS) {
          skips.add(new PredictResult.Skip(r.id(), r.source(), r.skipped()));
        }
        continue;
      }
      predicted++;
      detections += r.detections();
      drawn += r.drawn();
      if (r.drawing() != null) {
        String name = names.next(r.id());
        if (!name.equals(ImageNames.stem(r.id()) + ".jpg")) {
          renamed.put(r.id(), IMAGES + "/" + name);
        }
        staged.adopt(new Path(r.drawing()), IMAGES + "/" + name);
      }
    }
    report.put("inputs", predicted + skipped).put("predicted", predicted).put("skipped", skipped)
        .put("detections", detections).put("detections_drawn", drawn);
    var list = report.putArray("skipped_inputs");
    skips.forEach(s -> list.addObject().put("id", s.id()).put("source", s.source()).put("reason", s.reason()));
    if (!renamed.isEmpty()) {
      report.set("renamed_images", renamed);
    }
    try (OutputStream o = fs.create(new Path(staged.staging(), REPORT), false)) {
      o.write(json.writeValueAsBytes(report));
    }
    return new PredictResult(predicted + skipped, predicted, skipped, detections, drawn, List.copyOf(skips),
        staged.output().toString());
  }
}
