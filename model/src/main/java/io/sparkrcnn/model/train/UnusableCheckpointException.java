package io.sparkrcnn.model.train;

/** A checkpoint that cannot start this training: made for another model (classes, canvas, backbone), or missing. */
public final class UnusableCheckpointException extends RuntimeException {
  public UnusableCheckpointException(String message) {
    super(message);
  }
}
