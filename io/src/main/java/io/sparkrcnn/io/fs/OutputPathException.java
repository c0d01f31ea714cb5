package io.sparkrcnn.io.fs;

import java.io.IOException;

/** The output path cannot be used as asked (exists, not writable, taken by another run); the message says what to do. */
public final class OutputPathException extends IOException {
  public OutputPathException(String message) {
    super(message);
  }
}
