package io.sparkrcnn.jobs.predict;

import io.sparkrcnn.model.detector.ImageDetections;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Draws detections on an image as the Object Detection API's {@code visualize_boxes_and_labels_on_image_array}
 * does with its defaults: the first {@value #MAX_BOXES} detections (best first) scoring above the threshold, each a
 * {@value #LINE_WIDTH}-pixel box in its class's {@link StandardColors} colour, with a filled label box of that colour
 * above it (below the box when there is no room above) holding {@code name: NN%} in black; a class the label
 * map does not name is {@code N/A}. Lines are not anti-aliased, so box pixels have exactly the class colour.
 */
public final class DetectionDrawing {
  /** The reference's {@code line_thickness}. */
  public static final int LINE_WIDTH = 4;
  /** The reference's {@code max_boxes_to_draw}. */
  public static final int MAX_BOXES = 20;
  /** The reference's font size (Arial 24; here the JVM's sans-serif). */
  static final int FONT_SIZE = 24;
  private static final Logger LOG = LoggerFactory.getLogger(DetectionDrawing.class);
  private static volatile boolean textFailed;

  private DetectionDrawing() {}

  /**
   * Draws {@code d}'s detections scoring above {@code minScore} on {@code image}; returns how many were drawn.
   *
   * @param names class names by label id
   */
  public static int draw(BufferedImage image, ImageDetections d, Map<Integer, String> names, float minScore) {
    Graphics2D g = image.createGraphics();
    int drawn = 0;
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
      for (int i = 0; i < d.scores().length && i < MAX_BOXES; i++) {
        if (!(d.scores()[i] > minScore)) {
          continue;
        }
        String name = names.getOrDefault(d.classes()[i], "N/A");
        label(g, image, d.boxes()[i], new Color(StandardColors.of(d.classes()[i])), name + ": "
            + String.format(Locale.ROOT, "%d%%", (int) (100 * d.scores()[i])));
        drawn++;
      }
    } finally {
      g.dispose();
    }
    return drawn;
  }

  /** The box {@code [ymin, xmin, ymax, xmax]} (normalised) and its label. */
  private static void label(Graphics2D g, BufferedImage image, float[] box, Color color, String text) {
    double top = box[0] * image.getHeight();
    double left = box[1] * image.getWidth();
    double bottom = box[2] * image.getHeight();
    double right = box[3] * image.getWidth();
    g.setColor(color);
    g.setStroke(new BasicStroke(LINE_WIDTH, BasicStroke.CAP_SQUARE, BasicStroke.JOIN_MITER));
    g.draw(new Rectangle2D.Double(left, top, right - left, bottom - top));
    try {
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, FONT_SIZE));
      FontMetrics fm = g.getFontMetrics();
      int textHeight = fm.getAscent() + fm.getDescent();
      int textWidth = fm.stringWidth(text);
      int margin = (int) Math.ceil(0.05 * textHeight);
      double total = (1 + 2 * 0.05) * textHeight;
      double textBottom = top > total ? top : bottom + total;
      g.setColor(color);
      g.fill(new Rectangle2D.Double(left, textBottom - textHeight - 2 * margin, textWidth, textHeight + 2 * margin));
      g.setColor(Color.BLACK);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.drawString(text, (float) (left + margin), (float) (textBottom - textHeight - margin + fm.getAscent()));
    } catch (RuntimeException | LinkageError | InternalError e) {
      // A JVM without fonts (a bare container) cannot render text: keep the boxes, say so once.
      if (!textFailed) {
        textFailed = true;
        LOG.warn("cannot draw label text ({}); images get boxes without labels (install fonts, e.g. fontconfig"
            + " and DejaVu, on the executors)", e.toString());
      }
    }
  }
}
