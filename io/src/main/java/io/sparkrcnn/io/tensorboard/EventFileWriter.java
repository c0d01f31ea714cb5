package io.sparkrcnn.io.tensorboard;

import io.sparkrcnn.io.tfrecord.Compression;
import io.sparkrcnn.io.tfrecord.TfRecordWriter;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.Summary;

/**
 * A TensorBoard event file, {@code events.out.tfevents.<seconds>.<host>}, as TensorFlow's summary writer makes it:
 * TFRecords of {@code tensorflow.Event} protos, the first naming the file version, then one event per step with a
 * {@code Summary} of scalar values. The file grows while training runs (TensorBoard reads it live) and is flushed
 * after every event; every record carries its own CRCs, so a crash leaves a readable prefix.
 */
public final class EventFileWriter implements Closeable {
  private final TfRecordWriter writer;
  private final Path path;

  private EventFileWriter(TfRecordWriter writer, Path path) {
    this.writer = writer;
    this.path = path;
  }

  /** Starts a new event file in {@code dir}. */
  public static EventFileWriter create(FileSystem fs, Path dir) throws IOException {
    fs.mkdirs(dir);
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      host = "localhost";
    }
    long now = System.currentTimeMillis();
    Path path = new Path(dir, "events.out.tfevents." + now / 1000 + "." + host);
    for (int i = 1; fs.exists(path); i++) {
      path = new Path(dir, "events.out.tfevents." + now / 1000 + "." + host + "." + i);
    }
    EventFileWriter w = new EventFileWriter(TfRecordWriter.create(fs, path, Compression.NONE), path);
    w.write(Event.newBuilder().setWallTime(now / 1000.0).setFileVersion("brain.Event:2").build());
    return w;
  }

  /** Writes one event holding the scalars at {@code step}. */
  public void scalars(long step, Map<String, Double> values) throws IOException {
    Summary.Builder summary = Summary.newBuilder();
    values.forEach((tag, v) -> summary.addValue(Summary.Value.newBuilder().setTag(tag).setSimpleValue(v.floatValue())));
    write(Event.newBuilder().setWallTime(System.currentTimeMillis() / 1000.0).setStep(step).setSummary(summary).build());
  }

  private void write(Event event) throws IOException {
    writer.write(event);
    writer.flush();
  }

  public Path path() {
    return path;
  }

  @Override
  public void close() throws IOException {
    writer.close();
  }
}
