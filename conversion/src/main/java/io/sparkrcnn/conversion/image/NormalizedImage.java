package io.sparkrcnn.conversion.image;

/**
 * JPEG bytes that TensorFlow decodes to a {@code height × width × 3} image.
 *
 * @param reencodedBecause null when {@code jpeg} is the original file, else why it was re-encoded
 * @param decodeWarning null, or what a full decode warned about (damaged but usable data)
 */
public record NormalizedImage(byte[] jpeg, int width, int height, String reencodedBecause, String decodeWarning) {}
