package io.sparkrcnn.jobs.predict;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The names of the drawings in {@code images/}: an image's id without its image extension ({@code .jpg},
 * {@code .jpeg}, {@code .png}, {@code .gif}, {@code .bmp}), characters other than letters, digits, {@code .},
 * {@code _} and {@code -} replaced by {@code _}, then {@code .jpg}; a name that would be hidden ({@code .x},
 * {@code _x}) or empty gets {@code image} in front, and when ids give a name already taken (ignoring case, for
 * case-insensitive filesystems), the later ones get {@code _2}, {@code _3}, … (in input order).
 */
final class ImageNames {
  private final Set<String> taken = new HashSet<>();

  /** The file name (in {@code images/}) of the next image with id {@code id}. */
  String next(String id) {
    String base = stem(id);
    String name = base;
    for (int k = 2; !taken.add(name.toLowerCase(Locale.ROOT)); k++) {
      name = base + "_" + k;
    }
    return name + ".jpg";
  }

  /** The name an id gets when no other id took it first, without {@code .jpg}. */
  static String stem(String id) {
    String s = id.replaceFirst("(?i)\\.(jpe?g|png|gif|bmp)$", "").replaceAll("[^A-Za-z0-9._-]", "_");
    return s.isEmpty() || s.startsWith(".") || s.startsWith("_") ? "image" + s : s;
  }
}
