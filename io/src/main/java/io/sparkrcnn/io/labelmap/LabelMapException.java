package io.sparkrcnn.io.labelmap;

/** A label map that cannot be used; the message names the entry or line at fault. */
public final class LabelMapException extends IllegalArgumentException {
  public LabelMapException(String message) {
    super(message);
  }
}
