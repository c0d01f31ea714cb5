package io.sparkrcnn.jobs.spark;

import io.sparkrcnn.jobs.UserError;
import io.sparkrcnn.model.input.DamagedRecordFileException;
import java.util.function.Supplier;

/** Turns the failure of a Spark job whose tasks read record files into the one line for a damaged file. */
public final class TaskFailures {
  private TaskFailures() {}

  /**
   * Runs {@code job}; when one of its tasks failed on a damaged record file, throws the one line naming it for
   * {@code reader} ("train_input_reader"…) instead of Spark's failure.
   */
  public static <T> T namingDamage(String reader, Supplier<T> job) {
    try {
      return job.get();
    } catch (Exception e) { // Spark's SparkException (checked, but undeclared by the Scala API) wraps the task's
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof DamagedRecordFileException d) {
          throw damaged(reader, d);
        }
      }
      throw e;
    }
  }

  /** The one line for a damaged record file of {@code reader} (train and eval say the same). */
  public static UserError damaged(String reader, DamagedRecordFileException e) {
    return new UserError(reader + ": " + e.file() + " is damaged after record " + e.recordsRead() + " (" + e.reason()
        + "); re-run convert to write it again, or leave it out of input_path");
  }
}
