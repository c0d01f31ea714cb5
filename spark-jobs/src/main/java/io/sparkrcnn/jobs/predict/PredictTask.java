package io.sparkrcnn.jobs.predict;

import io.sparkrcnn.io.fs.FileSystems;
import io.sparkrcnn.jobs.infer.BroadcastDetector;
import io.sparkrcnn.jobs.infer.RecordDetector;
import io.sparkrcnn.jobs.spark.SerializableConfiguration;
import io.sparkrcnn.model.detector.ImageDetections;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function2;

/**
 * What one Spark task of predict does with its consecutive input files: reads their images ({@link InputImages}),
 * decodes each at its original size, runs the broadcast detector on them {@value RecordDetector#BATCH} at a time,
 * writes their {@code detections.jsonl} lines to its part file and, when visualising, draws each image's detections
 * ({@link DetectionDrawing}) and writes it as JPEG. Its files go to a directory named after the task attempt in the
 * attempts directory, so retries and speculative copies never collide; only ids, counts and paths go back to the
 * driver. An image that does not decode is returned as skipped, with the reason.
 */
final class PredictTask implements Function2<Integer, Iterator<Integer>, Iterator<TaskOutput>> {
  private static final long serialVersionUID = 1L;

  private final BroadcastDetector detector;
  private final SerializableConfiguration hadoop;
  private final List<String> files;
  private final HashMap<Integer, String> names;
  private final float minScore;
  private final boolean visualize;
  private final String attemptsDir;

  PredictTask(BroadcastDetector detector, SerializableConfiguration hadoop, List<String> files,
      HashMap<Integer, String> names, float minScore, boolean visualize, String attemptsDir) {
    this.detector = detector;
    this.hadoop = hadoop;
    this.files = files;
    this.names = names;
    this.minScore = minScore;
    this.visualize = visualize;
    this.attemptsDir = attemptsDir;
  }

  /** An image decoded and waiting for its batch. */
  private record Pending(int file, long position, String id, String source, byte[] example, BufferedImage image) {}

  @Override
  public Iterator<TaskOutput> call(Integer partition, Iterator<Integer> indices) throws Exception {
    Configuration conf = hadoop.get();
    TaskContext task = TaskContext.get();
    Path out = new Path(attemptsDir, "attempt-" + task.taskAttemptId());
    Path part = new Path(out, DetectionsJsonl.NAME);
    try (Writer lines = new OutputStreamWriter(FileSystems.of(part, conf).create(part, true),
        StandardCharsets.UTF_8)) {
      Run run = new Run(conf, out, lines);
      while (indices.hasNext()) {
        if (task.isInterrupted()) {
          throw new InterruptedException("task cancelled"); // the job failed elsewhere: write nothing more
        }
        int f = indices.next();
        InputImages.read(conf, f, new Path(files.get(f)), run);
      }
      run.flush();
      return List.of(new TaskOutput(partition, part.toString(), run.results)).iterator();
    }
  }

  /** One task's state: the batch being filled and what is done. */
  private final class Run implements InputImages.Sink {
    final List<PredictedImage> results = new ArrayList<>();
    final List<Pending> batch = new ArrayList<>(RecordDetector.BATCH);
    final Configuration conf;
    final Path out;
    final Writer lines;

    Run(Configuration conf, Path out, Writer lines) {
      this.conf = conf;
      this.out = out;
      this.lines = lines;
    }

    @Override
    public void skipped(PredictedImage skip) {
      results.add(skip);
    }

    @Override
    public void image(int f, long position, String id, String source, byte[] encoded, String format)
        throws IOException {
      BufferedImage image;
      try {
        image = OriginalImage.decode(id, encoded);
      } catch (OriginalImage.Undecodable e) {
        results.add(PredictedImage.skipped(f, position, id, source, e.getMessage()));
        return;
      }
      byte[] example = PredictExamples.of(id, encoded, format, image.getWidth(), image.getHeight());
      batch.add(new Pending(f, position, id, source, example, visualize ? image : null));
      if (batch.size() == RecordDetector.BATCH) {
        flush();
      }
    }

    void flush() throws IOException {
      if (batch.isEmpty()) {
        return;
      }
      List<ImageDetections> found = detector.get().detect(batch.stream().map(Pending::example).toList());
      for (int j = 0; j < batch.size(); j++) {
        Pending b = batch.get(j);
        ImageDetections d = found.get(j);
        if (d == null) {
          results.add(PredictedImage.skipped(b.file(), b.position(), b.id(), b.source(), "does not prepare for the"
              + " detector"));
          continue;
        }
        lines.write(DetectionsJsonl.line(d));
        lines.write('\n');
        int k = d.scores().length;
        if (!visualize) {
          results.add(PredictedImage.found(b.file(), b.position(), b.id(), b.source(), k, null, 0));
          continue;
        }
        int drawn = DetectionDrawing.draw(b.image(), d, names, minScore);
        Path drawing = new Path(out, b.file() + "-" + b.position() + ".jpg");
        byte[] jpeg = OriginalImage.jpeg(b.image());
        try (OutputStream o = FileSystems.of(drawing, conf).create(drawing, true)) {
          o.write(jpeg);
        }
        results.add(PredictedImage.found(b.file(), b.position(), b.id(), b.source(), k, drawing.toString(), drawn));
      }
      batch.clear();
    }
  }
}
