package io.sparkrcnn.conversion.voc;

/** A VOC XML file that cannot be read as an annotation; the message says what is wrong. */
public final class VocFormatException extends Exception {
  public VocFormatException(String message) {
    super(message);
  }
}
