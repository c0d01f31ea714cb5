package io.sparkrcnn.model.train;

/** A checkpoint in a train_dir was made for another model than the config describes (classes, canvas, backbone). */
public final class CheckpointMismatchException extends RuntimeException {
  public CheckpointMismatchException(String message) {
    super(message);
  }
}
