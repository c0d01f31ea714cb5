package io.sparkrcnn.conversion.pets;

import java.util.Locale;

/** How full-body records store instance masks ({@code --mask_type}). */
public enum MaskType {
  PNG, NUMERICAL;

  public static MaskType parse(String flag) {
    try {
      return valueOf(flag.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--mask_type must be png or numerical, got '" + flag + "'");
    }
  }
}
