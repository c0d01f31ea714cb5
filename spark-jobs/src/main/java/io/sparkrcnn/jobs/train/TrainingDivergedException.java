package io.sparkrcnn.jobs.train;

/** The loss or the parameters stopped being finite; the run stops without writing another checkpoint. */
public final class TrainingDivergedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TrainingDivergedException(String message) {
    super(message);
  }
}
