package io.sparkrcnn.model.input;

/** A record that cannot become a training or evaluation image; the message names its source id when known. */
public final class UnusableRecordException extends Exception {
  public UnusableRecordException(String message) {
    super(message);
  }

  public UnusableRecordException(String message, Throwable cause) {
    super(message, cause);
  }
}
