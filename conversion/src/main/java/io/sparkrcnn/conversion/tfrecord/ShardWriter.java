package io.sparkrcnn.conversion.tfrecord;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.tensorflow.hadoop.util.TFRecordWriter;

/**
 * Writes one TFRecord file (length, masked CRC32C, data, CRC per record) on a Hadoop filesystem,
 * optionally as one GZIP stream, which TensorFlow reads with {@code compression_type='GZIP'}.
 */
public final class ShardWriter implements Closeable {
  private final FSDataOutputStream file;
  private final DataOutputStream out;
  private final TFRecordWriter writer;
  private long records;

  private ShardWriter(FSDataOutputStream file, DataOutputStream out) {
    this.file = file;
    this.out = out;
    this.writer = new TFRecordWriter(out);
  }

  /** Creates (or replaces) {@code path}. */
  public static ShardWriter create(FileSystem fs, Path path, Compression compression) throws IOException {
    FSDataOutputStream file = fs.create(path, true);
    OutputStream stream = compression == Compression.GZIP
        ? new GZIPOutputStream(file, 1 << 16)
        : new BufferedOutputStream(file, 1 << 16);
    return new ShardWriter(file, new DataOutputStream(stream));
  }

  public void write(byte[] record) throws IOException {
    writer.write(record);
    records++;
  }

  public long records() {
    return records;
  }

  /** Finishes the file; returns its size in bytes. */
  public long finish() throws IOException {
    out.close();
    return file.getPos();
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
