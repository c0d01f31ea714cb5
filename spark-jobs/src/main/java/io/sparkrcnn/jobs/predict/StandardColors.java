package io.sparkrcnn.jobs.predict;

/**
 * The box colours of the Object Detection API's {@code visualization_utils.STANDARD_COLORS}: the same 126 CSS
 * colour names in the same order, as RGB, so class {@code c} gets the colour {@code STANDARD_COLORS[c % 126]}
 * there and here.
 */
public final class StandardColors {
  private static final int[] RGB = {
      0xF0F8FF, 0x7FFF00, 0x00FFFF, 0x7FFFD4, 0xF0FFFF, 0xF5F5DC, 0xFFE4C4, // AliceBlue … Bisque
      0xFFEBCD, 0x8A2BE2, 0xDEB887, 0x5F9EA0, 0xFAEBD7, // BlanchedAlmond … AntiqueWhite
      0xD2691E, 0xFF7F50, 0x6495ED, 0xFFF8DC, 0xDC143C, 0x00FFFF, // Chocolate … Cyan
      0x008B8B, 0xB8860B, 0xA9A9A9, 0xBDB76B, 0xFF8C00, // DarkCyan … DarkOrange
      0x9932CC, 0xE9967A, 0x8FBC8F, 0x00CED1, 0x9400D3, // DarkOrchid … DarkViolet
      0xFF1493, 0x00BFFF, 0x1E90FF, 0xB22222, 0xFFFAF0, // DeepPink … FloralWhite
      0x228B22, 0xFF00FF, 0xDCDCDC, 0xF8F8FF, 0xFFD700, 0xDAA520, // ForestGreen … GoldenRod
      0xFA8072, 0xD2B48C, 0xF0FFF0, 0xFF69B4, 0xCD5C5C, 0xFFFFF0, 0xF0E68C, // Salmon … Khaki
      0xE6E6FA, 0xFFF0F5, 0x7CFC00, 0xFFFACD, 0xADD8E6, // Lavender … LightBlue
      0xF08080, 0xE0FFFF, 0xFAFAD2, 0xD3D3D3, 0xD3D3D3, // LightCoral … LightGrey
      0x90EE90, 0xFFB6C1, 0xFFA07A, 0x20B2AA, 0x87CEFA, // LightGreen … LightSkyBlue
      0x778899, 0x778899, 0xB0C4DE, 0xFFFFE0, 0x00FF00, // LightSlateGray … Lime
      0x32CD32, 0xFAF0E6, 0xFF00FF, 0x66CDAA, 0xBA55D3, // LimeGreen … MediumOrchid
      0x9370DB, 0x3CB371, 0x7B68EE, 0x00FA9A, // MediumPurple … MediumSpringGreen
      0x48D1CC, 0xC71585, 0xF5FFFA, 0xFFE4E1, 0xFFE4B5, // MediumTurquoise … Moccasin
      0xFFDEAD, 0xFDF5E6, 0x808000, 0x6B8E23, 0xFFA500, 0xFF4500, // NavajoWhite … OrangeRed
      0xDA70D6, 0xEEE8AA, 0x98FB98, 0xAFEEEE, 0xDB7093, // Orchid … PaleVioletRed
      0xFFEFD5, 0xFFDAB9, 0xCD853F, 0xFFC0CB, 0xDDA0DD, 0xB0E0E6, 0x800080, // PapayaWhip … Purple
      0xFF0000, 0xBC8F8F, 0x4169E1, 0x8B4513, 0x008000, 0xF4A460, // Red … SandyBrown
      0x2E8B57, 0xFFF5EE, 0xA0522D, 0xC0C0C0, 0x87CEEB, 0x6A5ACD, // SeaGreen … SlateBlue
      0x708090, 0x708090, 0xFFFAFA, 0x00FF7F, 0x4682B4, 0xADFF2F, // SlateGray … GreenYellow
      0x008080, 0xD8BFD8, 0xFF6347, 0x40E0D0, 0xEE82EE, 0xF5DEB3, 0xFFFFFF, // Teal … White
      0xF5F5F5, 0xFFFF00, 0x9ACD32, // WhiteSmoke, Yellow, YellowGreen
  };

  private StandardColors() {}

  /** How many colours there are (126, as in the reference). */
  public static int size() {
    return RGB.length;
  }

  /** The {@code 0xRRGGBB} colour of boxes of class {@code classId} (a 1-based label id). */
  public static int of(int classId) {
    return RGB[Math.floorMod(classId, RGB.length)];
  }
}
