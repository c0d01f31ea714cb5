package io.sparkrcnn.model.checkpoint;

/**
 * A checkpoint that cannot start this training or be evaluated: made for another model (classes, canvas, backbone),
 * missing, or damaged with no earlier checkpoint that loads.
 */
public final class UnusableCheckpointException extends RuntimeException {
  public UnusableCheckpointException(String message) {
    super(message);
  }
}
