package io.sparkrcnn.jobs.eval;

import com.google.protobuf.InvalidProtocolBufferException;
import io.sparkrcnn.io.example.GroundTruth;
import org.tensorflow.example.Example;

/** The ground truth of eval records (records → {@link GroundTruth}), the one reader for every way eval scores. */
final class GroundTruthReader {
  private GroundTruthReader() {}

  /** Thrown for a record that is not a detection Example; its message is the one line for the user. */
  static final class UnusableRecord extends Exception {
    UnusableRecord(String message) {
      super(message);
    }
  }

  /** The ground truth of record {@code number} (from 1) of {@code file}. */
  static GroundTruth read(byte[] record, String file, int number) throws UnusableRecord {
    try {
      return GroundTruth.of(Example.parseFrom(record));
    } catch (IllegalArgumentException | InvalidProtocolBufferException e) {
      throw new UnusableRecord(file + ": record " + number + " is not a usable tf.train.Example (" + e.getMessage()
          + "); eval_input_reader must name records written by convert");
    }
  }
}
