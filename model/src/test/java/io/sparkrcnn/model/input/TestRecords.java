package io.sparkrcnn.model.input;

import io.sparkrcnn.io.example.DetectionExample;
import io.sparkrcnn.io.example.DetectionObject;
import io.sparkrcnn.io.example.ExampleEncoder;
import io.sparkrcnn.io.example.NormalizedBox;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/** Tiny detection records built in code. */
final class TestRecords {
  private TestRecords() {}

  /** A {@code w × h} image, {@code left} on its left half (x < w/2), {@code right} on the rest. */
  static BufferedImage halves(int w, int h, Color left, Color right) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(left);
    g.fillRect(0, 0, w / 2, h);
    g.setColor(right);
    g.fillRect(w / 2, 0, w - w / 2, h);
    g.dispose();
    return img;
  }

  static BufferedImage solid(int w, int h, Color c) {
    return halves(w, h, c, c);
  }

  static byte[] encode(BufferedImage img, String format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(img, format, out)) {
        throw new IllegalStateException("no writer for " + format);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** A serialised Example with the given image bytes and boxes {@code [ymin, xmin, ymax, xmax]} normalised. */
  static byte[] record(String id, byte[] image, int w, int h, float[][] boxes, int[] classes) {
    List<DetectionObject> objects = new ArrayList<>();
    for (int i = 0; i < boxes.length; i++) {
      float[] b = boxes[i];
      objects.add(new DetectionObject(new NormalizedBox(b[0], b[1], b[2], b[3]), "class" + classes[i], classes[i],
          i % 2 == 1, false, "Frontal"));
    }
    return ExampleEncoder.encode(new DetectionExample(id + ".jpg", id, image, w, h, objects, null)).toByteArray();
  }

  /** A JPEG record of a two-colour image with one box on its left half. */
  static byte[] jpegRecord(String id, int w, int h) {
    byte[] jpeg = encode(halves(w, h, Color.RED, Color.BLUE), "jpeg");
    return record(id, jpeg, w, h, new float[][] {{0.1f, 0.1f, 0.9f, 0.4f}}, new int[] {1});
  }

  /** A record whose image bytes are not an image. */
  static byte[] corruptRecord(String id) {
    byte[] garbage = new byte[200];
    garbage[0] = (byte) 0xFF;
    garbage[1] = (byte) 0xD8;
    for (int i = 2; i < garbage.length; i++) {
      garbage[i] = (byte) (i * 37);
    }
    return record(id, garbage, 10, 10, new float[][] {{0.1f, 0.1f, 0.5f, 0.5f}}, new int[] {1});
  }
}
