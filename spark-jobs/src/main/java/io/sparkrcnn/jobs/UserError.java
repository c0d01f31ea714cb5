package io.sparkrcnn.jobs;

/** A mistake the user can fix (a flag, a path, a file): printed as one line, no stack trace, exit 2. */
public final class UserError extends RuntimeException {
  public UserError(String message) {
    super(message);
  }
}
