package io.sparkrcnn.model.config;

/** A pipeline config that cannot be used; the message names the line and field at fault. */
public final class PipelineConfigException extends IllegalArgumentException {
  public PipelineConfigException(String message) {
    super(message);
  }
}
