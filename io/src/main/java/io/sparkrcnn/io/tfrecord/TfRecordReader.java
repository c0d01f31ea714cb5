package io.sparkrcnn.io.tfrecord;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.tensorflow.hadoop.util.TFRecordReader;

/** Reads the records of one TFRecord file, checking every CRC. */
public final class TfRecordReader implements Closeable {
  private final InputStream in;
  private final TFRecordReader reader;

  private TfRecordReader(InputStream in) {
    this.in = in;
    this.reader = new TFRecordReader(in, true);
  }

  public static TfRecordReader open(FileSystem fs, Path path, Compression compression) throws IOException {
    InputStream raw = new BufferedInputStream(fs.open(path), 1 << 16);
    return new TfRecordReader(compression == Compression.GZIP ? new GZIPInputStream(raw, 1 << 16) : raw);
  }

  /** The next record, or null at the end of the file. */
  public byte[] next() throws IOException {
    return reader.read();
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
