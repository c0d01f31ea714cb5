package io.sparkrcnn.model.input;

import java.io.IOException;

/**
 * A TFRecord file that cannot be read to its end (truncated, a bad CRC, not a TFRecord file at all): names the file,
 * how many records were read before the damage, and what was wrong. Serializable, so that a Spark task that meets
 * it hands it to the driver as the cause of the job's failure.
 */
public final class DamagedRecordFileException extends IOException {
  private final String file;
  private final long recordsRead;
  private final String reason;

  public DamagedRecordFileException(String file, long recordsRead, Throwable cause) {
    super("cannot read TFRecord file " + file + " after record " + recordsRead + ": " + describe(cause), cause);
    this.file = file;
    this.recordsRead = recordsRead;
    this.reason = describe(cause);
  }

  private static String describe(Throwable t) {
    String m = t.getMessage();
    return m == null || m.isBlank() ? t.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
  }

  /** The file, as its path was given. */
  public String file() {
    return file;
  }

  /** Whole records read before the damage. */
  public long recordsRead() {
    return recordsRead;
  }

  /** What was wrong, in one line (the reader's message). */
  public String reason() {
    return reason;
  }
}
