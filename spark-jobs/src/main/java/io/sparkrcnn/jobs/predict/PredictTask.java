package io.sparkrcnn.jobs.predict;

import io.sparkrcnn.io.fs.FileSystems;
import io.sparkrcnn.io.tfrecord.ShardFiles;
import io.sparkrcnn.io.tfrecord.TfRecordReader;
import io.sparkrcnn.jobs.infer.BroadcastDetector;
import io.sparkrcnn.jobs.infer.RecordDetector;
import io.sparkrcnn.jobs.spark.SerializableConfiguration;
import io.sparkrcnn.model.detector.ImageDetections;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;

/**
 * What one Spark task of predict does with its input files: tells each file's kind ({@link InputKind}), reads its
 * images (one per image file, one per record of a TFRecord file, streamed), runs the broadcast detector on them
 * {@value RecordDetector#BATCH} at a time and, when visualising, draws each image's detections and writes it as
 * JPEG to a file named after the task attempt (so retries never collide). An input that cannot be read, is not an
 * image or does not decode is returned as skipped, with the reason; a TFRecord file damaged part-way gives its
 * records up to the damage and one skip.
 */
final class PredictTask implements FlatMapFunction<Iterator<Integer>, PredictedImage> {
  private static final long serialVersionUID = 1L;

  private final BroadcastDetector detector;
  private final SerializableConfiguration hadoop;
  private final List<String> files;
  private final HashMap<Integer, String> names;
  private final float minScore;
  private final String attemptsDir;

  /** @param attemptsDir where drawings go; null: no drawings */
  PredictTask(BroadcastDetector detector, SerializableConfiguration hadoop, List<String> files,
      HashMap<Integer, String> names, float minScore, String attemptsDir) {
    this.detector = detector;
    this.hadoop = hadoop;
    this.files = files;
    this.names = names;
    this.minScore = minScore;
    this.attemptsDir = attemptsDir;
  }

  /** An image decoded and waiting for its batch. */
  private record Pending(int file, long position, String id, String source, byte[] example, BufferedImage image) {}

  @Override
  public Iterator<PredictedImage> call(Iterator<Integer> indices) throws Exception {
    Configuration conf = hadoop.get();
    TaskContext task = TaskContext.get();
    Path out = attemptsDir == null ? null : new Path(attemptsDir, "attempt-" + task.taskAttemptId());
    Run run = new Run(conf, out);
    while (indices.hasNext()) {
      if (task.isInterrupted()) {
        throw new InterruptedException("task cancelled"); // the job failed elsewhere: write nothing more
      }
      run.file(indices.next());
    }
    run.flush();
    return run.results.iterator();
  }

  /** One task's state: the batch being filled and what is done. */
  private final class Run {
    final List<PredictedImage> results = new ArrayList<>();
    final List<Pending> batch = new ArrayList<>(RecordDetector.BATCH);
    final Configuration conf;
    final Path out;

    Run(Configuration conf, Path out) {
      this.conf = conf;
      this.out = out;
    }

    void file(int f) throws IOException {
      Path p = new Path(files.get(f));
      String name = p.getName();
      FileSystem fs;
      InputKind kind;
      byte[] bytes = null;
      try {
        fs = FileSystems.of(p, conf);
        byte[] head = new byte[InputKind.HEAD];
        int n;
        try (InputStream in = fs.open(p)) {
          n = in.readNBytes(head, 0, head.length);
          kind = InputKind.of(name, head, n);
          if (kind == InputKind.IMAGE) { // the rest of the same stream: one read of the file
            byte[] rest = in.readAllBytes();
            bytes = java.util.Arrays.copyOf(head, n + rest.length);
            System.arraycopy(rest, 0, bytes, n, rest.length);
          }
        }
      } catch (IOException e) {
        results.add(PredictedImage.skipped(f, 0, name, p.toString(), "cannot read the file: " + e.getMessage()));
        return;
      }
      switch (kind) {
        case IMAGE -> add(f, 0, name, p.toString(), bytes, PredictExamples.formatOf(name));
        case TFRECORD -> records(fs, f, p);
        default -> results.add(PredictedImage.skipped(f, 0, name, p.toString(),
            "neither an image (JPEG, PNG, GIF, BMP) nor a TFRecord file"));
      }
    }

    /** The records of a TFRecord file; reading errors end the file with one skip, other errors fail the task. */
    private void records(FileSystem fs, int f, Path p) throws IOException {
      TfRecordReader reader;
      try {
        reader = TfRecordReader.open(fs, p, ShardFiles.detect(fs, p));
      } catch (IOException e) {
        results.add(PredictedImage.skipped(f, 0, p.getName(), p.toString(), "cannot read the file: "
            + e.getMessage()));
        return;
      }
      try (reader) {
        for (long read = 0; ; ) {
          byte[] r;
          try {
            r = reader.next();
          } catch (IOException | RuntimeException e) {
            results.add(PredictedImage.skipped(f, read, p.getName(), p.toString(), "damaged after record " + read
                + " (" + e.getMessage() + "); the records before were used"));
            return;
          }
          if (r == null) {
            return;
          }
          long i = read++;
          String source = p + " record " + read;
          try {
            PredictExamples.Image image = PredictExamples.imageOf(r);
            String id = image.sourceId().isEmpty() ? p.getName() + " record " + read : image.sourceId();
            add(f, i, id, source, image.encoded(), image.format());
          } catch (PredictExamples.NotAnImageRecord e) {
            results.add(PredictedImage.skipped(f, i, p.getName() + " record " + read, source, e.getMessage()));
          }
        }
      }
    }

    private void add(int f, long position, String id, String source, byte[] encoded, String format)
        throws IOException {
      BufferedImage image;
      try {
        image = OriginalImage.decode(encoded);
      } catch (OriginalImage.Undecodable e) {
        results.add(PredictedImage.skipped(f, position, id, source, e.getMessage()));
        return;
      }
      byte[] example = PredictExamples.of(id, encoded, format, image.getWidth(), image.getHeight());
      batch.add(new Pending(f, position, id, source, example, out == null ? null : image));
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
        } else if (out == null) {
          results.add(PredictedImage.found(b.file(), b.position(), b.source(), d, null, 0));
        } else {
          int drawn = DetectionDrawing.draw(b.image(), d, names, minScore);
          Path drawing = new Path(out, b.file() + "-" + b.position() + ".jpg");
          byte[] jpeg = OriginalImage.jpeg(b.image());
          try (OutputStream o = FileSystems.of(drawing, conf).create(drawing, true)) {
            o.write(jpeg);
          }
          results.add(PredictedImage.found(b.file(), b.position(), b.source(), d, drawing.toString(), drawn));
        }
      }
      batch.clear();
    }
  }
}
