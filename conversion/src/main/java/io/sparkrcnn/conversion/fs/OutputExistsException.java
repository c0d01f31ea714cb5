package io.sparkrcnn.conversion.fs;

import java.io.IOException;

/** The output path cannot be written as asked; the message says what to do. */
public final class OutputExistsException extends IOException {
  public OutputExistsException(String message) {
    super(message);
  }
}
