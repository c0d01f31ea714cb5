package io.sparkrcnn.jobs.predict;

import io.sparkrcnn.io.fs.FileSystems;
import io.sparkrcnn.io.tfrecord.ShardFiles;
import io.sparkrcnn.io.tfrecord.TfRecordReader;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Reads the images of one input file on an executor: tells its kind ({@link InputKind}) from its head, then hands
 * on the one image of an image file (read in one stream) or each record's image of a TFRecord file (streamed, plain
 * or GZIP). What cannot be read is handed on as skipped, with the reason: an unreadable file, a file that is
 * neither kind, a record that is not an Example with an image, and the rest of a file damaged part-way (the records
 * before the damage are used). Errors of the sink fail the task.
 */
final class InputImages {
  /** Where the images go. */
  interface Sink {
    /** The image {@code encoded} (format {@code format}) with id {@code id}, at {@code position} of file {@code f}. */
    void image(int f, long position, String id, String source, byte[] encoded, String format) throws IOException;

    void skipped(PredictedImage skip);
  }

  private InputImages() {}

  static void read(Configuration conf, int f, Path p, Sink sink) throws IOException {
    String name = p.getName();
    FileSystem fs;
    InputKind kind;
    byte[] bytes = null;
    try {
      fs = FileSystems.of(p, conf);
      byte[] head = new byte[InputKind.HEAD];
      try (InputStream in = fs.open(p)) {
        int n = in.readNBytes(head, 0, head.length);
        kind = InputKind.of(name, head, n);
        if (kind == InputKind.IMAGE) {
          byte[] rest = in.readAllBytes();
          bytes = Arrays.copyOf(head, n + rest.length);
          System.arraycopy(rest, 0, bytes, n, rest.length);
        }
      }
    } catch (IOException e) {
      sink.skipped(PredictedImage.skipped(f, 0, name, p.toString(), "cannot read the file: " + e.getMessage()));
      return;
    }
    switch (kind) {
      case IMAGE -> sink.image(f, 0, name, p.toString(), bytes, PredictExamples.formatOf(name));
      case TFRECORD -> records(fs, f, p, sink);
      default -> sink.skipped(PredictedImage.skipped(f, 0, name, p.toString(),
          "neither an image (JPEG, PNG, GIF, BMP) nor a TFRecord file"));
    }
  }

  private static void records(FileSystem fs, int f, Path p, Sink sink) throws IOException {
    TfRecordReader reader;
    try {
      reader = TfRecordReader.open(fs, p, ShardFiles.detect(fs, p));
    } catch (IOException e) {
      sink.skipped(PredictedImage.skipped(f, 0, p.getName(), p.toString(), "cannot read the file: "
          + e.getMessage()));
      return;
    }
    try (reader) {
      for (long read = 0; ; ) {
        byte[] r;
        try {
          r = reader.next();
        } catch (IOException | RuntimeException e) {
          sink.skipped(PredictedImage.skipped(f, read, p.getName(), p.toString(), "damaged after record " + read
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
          sink.image(f, i, id, source, image.encoded(), image.format());
        } catch (PredictExamples.NotAnImageRecord e) {
          sink.skipped(PredictedImage.skipped(f, i, p.getName() + " record " + read, source, e.getMessage()));
        }
      }
    }
  }
}
