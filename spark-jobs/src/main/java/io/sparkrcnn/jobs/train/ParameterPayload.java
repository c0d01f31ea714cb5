package io.sparkrcnn.jobs.train;

import java.io.Externalizable;
import java.io.IOException;
import java.io.ObjectInput;
import java.io.ObjectOutput;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.updater.graph.ComputationGraphUpdater;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What travels in an averaging round, in either direction: a graph's flat parameters and updater state, its
 * iteration and epoch counts, and, coming back from workers, the sum of their scores and how many workers were
 * summed. Java serialization writes each array as its raw bytes in 1 MB chunks (ND4J's own Java serialization of an
 * INDArray goes element by element, at about 35 MB/s). A payload made on the driver holds views of the driver
 * graph's arrays, and in local mode the tasks see that very object: nothing writes into a payload except
 * {@link ParameterAverage}, on the driver, into the worker results it sums.
 */
final class ParameterPayload implements Externalizable {
  private static final long serialVersionUID = 1L;
  private static final int CHUNK = 1 << 20;
  private static final byte BYTES = 0;
  private static final byte KEPT_IN_DRIVER_JVM = 1;

  private INDArray params;
  private INDArray updaterState;
  private int iteration;
  private int epoch;
  private double scoreSum;
  private int count;
  /** The averaging round a worker result belongs to; null for the driver's payload. */
  private String round;

  /** For Java serialization only. */
  public ParameterPayload() {}

  ParameterPayload(INDArray params, INDArray updaterState, int iteration, int epoch, double scoreSum, int count) {
    this.params = params;
    this.updaterState = updaterState;
    this.iteration = iteration;
    this.epoch = epoch;
    this.scoreSum = scoreSum;
    this.count = count;
  }

  /** The driver's graph as it stands, without copying (see the class comment). */
  static ParameterPayload viewOf(ComputationGraph graph) {
    return new ParameterPayload(graph.params(), updaterState(graph), graph.getIterationCount(),
        graph.getEpochCount(), 0, 0);
  }

  /**
   * A worker's graph after its steps in {@code round}, copied: the graph goes back to the pool before the result is
   * sent. In the driver's JVM (local mode) the result is handed over by reference ({@link DriverJvmResults}).
   */
  static ParameterPayload resultOf(ComputationGraph graph, String round) {
    INDArray state = updaterState(graph);
    ParameterPayload result = new ParameterPayload(graph.params().dup(), state == null ? null : state.dup(),
        graph.getIterationCount(), graph.getEpochCount(), graph.score(), 1);
    result.round = round;
    return result;
  }

  private static INDArray updaterState(ComputationGraph graph) {
    ComputationGraphUpdater u = graph.getUpdater();
    return u == null ? null : u.getStateViewArray();
  }

  /** Copies parameters, updater state and counts into {@code graph}'s own arrays (no new arrays). */
  void loadInto(ComputationGraph graph) {
    graph.setParams(params);
    if (updaterState != null) {
      graph.getUpdater().setStateViewArray(updaterState);
    }
    graph.getConfiguration().setIterationCount(iteration);
    graph.getConfiguration().setEpochCount(epoch);
  }

  INDArray params() {
    return params;
  }

  INDArray updaterState() {
    return updaterState;
  }

  double scoreSum() {
    return scoreSum;
  }

  int count() {
    return count;
  }

  /** Adds {@code other}'s arrays, score sum and count to this payload's, in place. */
  ParameterPayload addi(ParameterPayload other) {
    if ((updaterState == null) != (other.updaterState == null)) {
      throw new IllegalStateException("one worker returned updater state and another did not");
    }
    params.addi(other.params);
    if (updaterState != null) {
      updaterState.addi(other.updaterState);
    }
    scoreSum += other.scoreSum;
    count += other.count;
    return this;
  }

  @Override
  public void writeExternal(ObjectOutput out) throws IOException {
    if (round != null && DriverJvmResults.inDriverJvm()) {
      out.writeByte(KEPT_IN_DRIVER_JVM);
      out.writeUTF(round);
      out.writeLong(DriverJvmResults.put(round, this));
      return;
    }
    out.writeByte(BYTES);
    out.writeBoolean(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN);
    out.writeInt(iteration);
    out.writeInt(epoch);
    out.writeDouble(scoreSum);
    out.writeInt(count);
    write(out, params);
    out.writeBoolean(updaterState != null);
    if (updaterState != null) {
      write(out, updaterState);
    }
  }

  @Override
  public void readExternal(ObjectInput in) throws IOException {
    if (in.readByte() == KEPT_IN_DRIVER_JVM) {
      round = in.readUTF();
      ParameterPayload kept = DriverJvmResults.take(round, in.readLong());
      params = kept.params;
      updaterState = kept.updaterState;
      iteration = kept.iteration;
      epoch = kept.epoch;
      scoreSum = kept.scoreSum;
      count = kept.count;
      return;
    }
    if (in.readBoolean() != (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN)) {
      throw new IOException("parameters written on a machine of the other byte order");
    }
    iteration = in.readInt();
    epoch = in.readInt();
    scoreSum = in.readDouble();
    count = in.readInt();
    params = read(in);
    updaterState = in.readBoolean() ? read(in) : null;
  }

  private static void write(ObjectOutput out, INDArray array) throws IOException {
    boolean whole = array.offset() == 0 && array.data().length() == array.length()
        && (array.ordering() == 'c' || array.isVector());
    INDArray a = whole ? array : array.dup('c');
    out.writeUTF(a.dataType().name());
    long[] shape = a.shape();
    out.writeInt(shape.length);
    for (long s : shape) {
      out.writeLong(s);
    }
    ByteBuffer bytes = bytesOf(a);
    byte[] chunk = new byte[Math.min(CHUNK, bytes.remaining())];
    while (bytes.hasRemaining()) {
      int k = Math.min(chunk.length, bytes.remaining());
      bytes.get(chunk, 0, k);
      out.write(chunk, 0, k);
    }
  }

  private static INDArray read(ObjectInput in) throws IOException {
    DataType type = DataType.valueOf(in.readUTF());
    long[] shape = new long[in.readInt()];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = in.readLong();
    }
    INDArray a = Nd4j.createUninitializedDetached(type, shape);
    ByteBuffer bytes = bytesOf(a);
    byte[] chunk = new byte[Math.min(CHUNK, bytes.remaining())];
    while (bytes.hasRemaining()) {
      int k = Math.min(chunk.length, bytes.remaining());
      in.readFully(chunk, 0, k);
      bytes.put(chunk, 0, k);
    }
    return a;
  }

  /** The native memory of a whole, contiguous array. */
  private static ByteBuffer bytesOf(INDArray a) {
    ByteBuffer b = a.data().asNio().duplicate();
    b.position(0).limit(Math.toIntExact(a.length() * a.data().getElementSize()));
    return b;
  }
}
