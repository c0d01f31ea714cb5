package io.sparkrcnn.conversion.image;

/** Image bytes that cannot become a JPEG TensorFlow decodes; the message is the reason. */
public final class ImageDecodeException extends Exception {
  public ImageDecodeException(String message) {
    super(message);
  }
}
