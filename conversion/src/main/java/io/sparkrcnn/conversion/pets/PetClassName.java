package io.sparkrcnn.conversion.pets;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The breed of a Pets image from its file name, with the reference's regex {@code ([A-Za-z_]+)(_[0-9]+\.jpg)}. */
public final class PetClassName {
  private static final Pattern PATTERN = Pattern.compile("([A-Za-z_]+)(_[0-9]+\\.jpg)", Pattern.CASE_INSENSITIVE);

  private PetClassName() {}

  /** As Python's {@code re.match}: anchored at the start, not at the end. */
  public static Optional<String> fromFilename(String filename) {
    Matcher m = PATTERN.matcher(filename);
    return m.lookingAt() ? Optional.of(m.group(1)) : Optional.empty();
  }
}
