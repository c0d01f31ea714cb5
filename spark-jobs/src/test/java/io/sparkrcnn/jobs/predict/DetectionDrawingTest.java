package io.sparkrcnn.jobs.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrcnn.model.detector.ImageDetections;
import java.awt.image.BufferedImage;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Boxes and labels drawn as the reference's visualization utilities draw them, checked pixel by pixel. */
class DetectionDrawingTest {
  private static final int GRAY = 0x808080;

  private static BufferedImage gray(int w, int h) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, GRAY);
      }
    }
    return img;
  }

  private static int rgb(BufferedImage img, int x, int y) {
    return img.getRGB(x, y) & 0xffffff;
  }

  @Test
  void theReferencePaletteIsIndexedByClassId() {
    assertEquals(126, StandardColors.size());
    assertEquals(0xF0F8FF, StandardColors.of(0)); // AliceBlue
    assertEquals(0x7FFF00, StandardColors.of(1)); // Chartreuse
    assertEquals(0xFFD700, StandardColors.of(37)); // Gold, 38th of the reference's list
    assertEquals(0x9ACD32, StandardColors.of(125)); // YellowGreen, the last
    assertEquals(StandardColors.of(1), StandardColors.of(127));
  }

  @Test
  void aBoxIsFourPixelsOfItsClassColourWithAFilledLabelAboveHoldingBlackText() {
    BufferedImage img = gray(400, 300);
    // box: rows 120..270, columns 100..300
    ImageDetections d = new ImageDetections("x", new float[][] {{0.4f, 0.25f, 0.9f, 0.75f}}, new float[] {0.87f},
        new int[] {3});
    assertEquals(1, DetectionDrawing.draw(img, d, Map.of(3, "cat"), 0.5f));
    int colour = StandardColors.of(3);
    assertEquals(0x7FFFD4, colour); // Aquamarine
    for (int dx = -2; dx <= 1; dx++) { // a 4-pixel line centred on the edge
      assertEquals(colour, rgb(img, 100 + dx, 200), "left edge at x=" + (100 + dx));
      assertEquals(colour, rgb(img, 300 + dx, 200), "right edge at x=" + (300 + dx));
      assertEquals(colour, rgb(img, 200, 270 + dx), "bottom edge at y=" + (270 + dx));
    }
    assertEquals(GRAY, rgb(img, 100 - 4, 200));
    assertEquals(GRAY, rgb(img, 100 + 4, 200));
    assertEquals(GRAY, rgb(img, 200, 200)); // inside stays as it was
    // The label box: from the box's left edge rightwards, ending at its top edge; black text on the colour.
    int coloured = 0;
    int black = 0;
    for (int y = 90; y < 118; y++) {
      for (int x = 102; x < 160; x++) {
        int p = rgb(img, x, y);
        coloured += p == colour ? 1 : 0;
        black += p == 0 ? 1 : 0;
      }
    }
    assertTrue(coloured > 400, "label fill pixels: " + coloured);
    assertTrue(black > 20, "text pixels: " + black);
    assertEquals(GRAY, rgb(img, 98, 60)); // the label is no taller than the text
    assertEquals(GRAY, rgb(img, 380, 110)); // nor wider
  }

  @Test
  void onlyScoresAboveTheThresholdAndAtMostTwentyBoxesAreDrawn() {
    BufferedImage img = gray(400, 300);
    float[][] boxes = new float[25][];
    float[] scores = new float[25];
    int[] classes = new int[25];
    for (int i = 0; i < 25; i++) {
      boxes[i] = new float[] {0.5f, 0.01f * i, 0.6f, 0.5f};
      scores[i] = 0.99f - 0.01f * i;
      classes[i] = 1;
    }
    assertEquals(20, DetectionDrawing.draw(img, new ImageDetections("x", boxes, scores, classes), Map.of(), 0.5f));
    img = gray(400, 300);
    ImageDetections low = new ImageDetections("x", new float[][] {{0.5f, 0.25f, 0.9f, 0.75f}}, new float[] {0.5f},
        new int[] {1});
    assertEquals(0, DetectionDrawing.draw(img, low, Map.of(), 0.5f)); // the reference draws score > thresh
    assertEquals(GRAY, rgb(img, 100, 200));
  }

  @Test
  void aBoxAtTheTopGetsItsLabelBelowIt() {
    BufferedImage img = gray(400, 300);
    ImageDetections d = new ImageDetections("x", new float[][] {{0f, 0.25f, 0.5f, 0.75f}}, new float[] {0.9f},
        new int[] {2}); // rows 0..150: no room above
    assertEquals(1, DetectionDrawing.draw(img, d, Map.of(2, "dog"), 0.5f));
    int colour = StandardColors.of(2);
    int below = 0;
    for (int y = 153; y < 180; y++) {
      for (int x = 102; x < 140; x++) {
        below += rgb(img, x, y) == colour ? 1 : 0;
      }
    }
    assertTrue(below > 300, "label fill pixels below the box: " + below);
  }
}
