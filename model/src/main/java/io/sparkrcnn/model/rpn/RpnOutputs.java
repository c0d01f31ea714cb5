package io.sparkrcnn.model.rpn;

/**
 * One image's first-stage predictions read from an activation array laid out {@code [N, channels, h, w]}
 * (row-major), where, from {@code channelOffset}, come {@code A} objectness logits and then {@code 4A}
 * box codes (anchor {@code a}'s code in channels {@code 4a … 4a+3}). Anchor order is the grid
 * generator's: row, column, anchor.
 */
public record RpnOutputs(double[] logits, double[][] codes) {

  public static RpnOutputs of(double[] activations, int image, int channels, int channelOffset, int anchorsPerCell,
      int h, int w) {
    int n = h * w * anchorsPerCell;
    double[] logits = new double[n];
    double[][] codes = new double[n][4];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        for (int a = 0; a < anchorsPerCell; a++) {
          int k = (y * w + x) * anchorsPerCell + a;
          logits[k] = activations[index(image, channels, channelOffset + a, y, x, h, w)];
          for (int c = 0; c < 4; c++) {
            codes[k][c] = activations[index(image, channels, channelOffset + anchorsPerCell + 4 * a + c, y, x, h, w)];
          }
        }
      }
    }
    return new RpnOutputs(logits, codes);
  }

  /** Flat index of {@code [image, channel, y, x]} in a row-major {@code [N, channels, h, w]} array. */
  public static int index(int image, int channels, int channel, int y, int x, int h, int w) {
    return ((image * channels + channel) * h + y) * w + x;
  }

  /** Flat index of anchor {@code k}'s objectness logit (code {@code c} when {@code c ≥ 0}). */
  public static int anchorIndex(int image, int channels, int channelOffset, int anchorsPerCell, int k, int c, int h,
      int w) {
    int a = k % anchorsPerCell;
    int cell = k / anchorsPerCell;
    int channel = channelOffset + (c < 0 ? a : anchorsPerCell + 4 * a + c);
    return index(image, channels, channel, cell / w, cell % w, h, w);
  }
}
