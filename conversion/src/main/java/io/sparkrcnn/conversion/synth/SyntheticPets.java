package io.sparkrcnn.conversion.synth;

import io.sparkrcnn.conversion.image.ImageDecodeException;
import io.sparkrcnn.conversion.image.JpegNormalizer;
import io.sparkrcnn.io.labelmap.LabelMap;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Writes a synthetic dataset in the exact Oxford-IIIT Pet layout: {@code images/<Breed>_<n>.jpg},
 * {@code annotations/{list,trainval,test}.txt}, {@code annotations/xmls/*.xml} (VOC, head box) and
 * {@code annotations/trimaps/*.png} (1 pet, 2 background, 3 border).
 *
 * <p>Each image has a textured background, a pet body (an ellipse) and a head whose shape and
 * colour encode the breed (4 shapes × 10 hues cover 37 breeds), so a detector can learn both where
 * the head is and which breed it is. The same seed gives the same files.
 */
public final class SyntheticPets {
  /**
   * The file at the root of every dataset this class writes, holding its parameters: synth replaces
   * only a folder that has it, never a real Pets download (which has the same {@code annotations/list.txt}).
   */
  public static final String MARKER_FILE = "sparkrcnn_synth.json";
  /** The top-level entries of a dataset this class writes; anything else in it was put there by someone else. */
  public static final java.util.Set<String> OWN_ENTRIES = java.util.Set.of("images", "annotations", MARKER_FILE);
  private static final int SHAPES = 4;
  private static final float QUALITY = 0.85f;

  /** What to generate. */
  public record Spec(int imagesPerClass, int numClasses, long seed, int width, int height) {
    public Spec {
      if (imagesPerClass < 1) {
        throw new IllegalArgumentException("--images_per_class must be at least 1, got " + imagesPerClass);
      }
      if (numClasses < 1 || numClasses > LabelMap.PETS_CLASSES.size()) {
        throw new IllegalArgumentException("--num_classes must be in 1.." + LabelMap.PETS_CLASSES.size()
            + ", got " + numClasses);
      }
      if (width < 32 || height < 32 || width > 4096 || height > 4096) {
        throw new IllegalArgumentException("--image_size must be between 32x32 and 4096x4096, got "
            + width + "x" + height);
      }
    }
  }

  /** One generated example: its id and where its head is (pixels, inclusive). */
  public record Item(String id, int classIndex, int xmin, int ymin, int xmax, int ymax) {}

  private SyntheticPets() {}

  /** Writes the dataset under {@code root} (which should not exist or be empty); returns the items. */
  public static List<Item> write(FileSystem fs, Path root, Spec spec) throws IOException {
    Path images = new Path(root, "images");
    Path annotations = new Path(root, "annotations");
    Path xmls = new Path(annotations, "xmls");
    Path trimaps = new Path(annotations, "trimaps");
    for (Path p : List.of(images, xmls, trimaps)) {
      fs.mkdirs(p);
    }
    List<int[]> jobs = new ArrayList<>();
    for (int c = 0; c < spec.numClasses(); c++) {
      for (int n = 1; n <= spec.imagesPerClass(); n++) {
        jobs.add(new int[] {c, n});
      }
    }
    List<Item> items;
    try {
      items = IntStream.range(0, jobs.size()).parallel()
          .mapToObj(i -> render(fs, images, xmls, trimaps, spec, jobs.get(i)[0], jobs.get(i)[1]))
          .toList();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    writeLists(fs, annotations, spec, items);
    writeFile(fs, new Path(root, MARKER_FILE), marker(spec).getBytes(StandardCharsets.UTF_8));
    return items;
  }

  static String marker(Spec spec) {
    return "{\"written_by\": \"sparkrcnn synth\", \"images_per_class\": " + spec.imagesPerClass()
        + ", \"num_classes\": " + spec.numClasses() + ", \"seed\": " + spec.seed() + ", \"width\": "
        + spec.width() + ", \"height\": " + spec.height() + "}\n";
  }

  private static Item render(FileSystem fs, Path images, Path xmls, Path trimaps, Spec spec, int c, int n) {
    String breed = LabelMap.PETS_CLASSES.get(c);
    String id = breed + "_" + n;
    SplittableRandom rnd = new SplittableRandom(spec.seed() * 1_000_003L + c * 10_007L + n);
    int w = spec.width();
    int h = spec.height();

    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    // Drawn in RGB (no colour-space conversion), stored as 8-bit grey values 1/2/3.
    BufferedImage tri = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    Graphics2D t = tri.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);

    // Background: a muted colour with soft blobs, then noise (gives real-photo-like JPEG sizes).
    Color bg = Color.getHSBColor((float) rnd.nextDouble(), 0.15f + 0.2f * (float) rnd.nextDouble(),
        0.35f + 0.3f * (float) rnd.nextDouble());
    g.setColor(bg);
    g.fillRect(0, 0, w, h);
    for (int i = 0; i < 12; i++) {
      g.setColor(jitter(bg, rnd, 40));
      double r = (0.05 + 0.2 * rnd.nextDouble()) * Math.min(w, h);
      g.fill(new Ellipse2D.Double(rnd.nextDouble() * w - r, rnd.nextDouble() * h - r, 2 * r, 2 * r));
    }
    t.setColor(new Color(2, 2, 2));
    t.fillRect(0, 0, w, h);

    // Body: a grey-brown ellipse; head on its upper part.
    int minSide = Math.min(w, h);
    double bodyW = (0.35 + 0.3 * rnd.nextDouble()) * minSide;
    double bodyH = bodyW * (0.7 + 0.5 * rnd.nextDouble());
    bodyH = Math.min(bodyH, 0.8 * h);
    double headSize = bodyW * (0.45 + 0.15 * rnd.nextDouble());
    double bx = rnd.nextDouble() * (w - bodyW);
    double by = headSize * 0.5 + rnd.nextDouble() * Math.max(1, h - bodyH - headSize * 0.5);
    Color bodyColor = Color.getHSBColor(0.07f + 0.05f * (float) rnd.nextDouble(), 0.3f, 0.55f + 0.3f * (float) rnd.nextDouble());
    Shape body = new Ellipse2D.Double(bx, by, bodyW, bodyH);
    g.setColor(bodyColor);
    g.fill(body);

    double hx = bx + (bodyW - headSize) * (0.2 + 0.6 * rnd.nextDouble());
    double hy = Math.max(0, by - headSize * 0.45);
    Shape head = headShape(c % SHAPES, hx, hy, headSize);
    float hue = (c / SHAPES) / 10f;
    g.setColor(Color.getHSBColor(hue, 0.85f, 0.95f));
    g.fill(head);
    // Eyes: a darker mark that moves with the head, so the head is more than a flat patch.
    g.setColor(Color.getHSBColor(hue, 0.9f, 0.3f));
    double eye = headSize * 0.12;
    g.fill(new Ellipse2D.Double(hx + headSize * 0.3 - eye / 2, hy + headSize * 0.45, eye, eye));
    g.fill(new Ellipse2D.Double(hx + headSize * 0.7 - eye / 2, hy + headSize * 0.45, eye, eye));

    t.setColor(new Color(3, 3, 3));
    t.setStroke(new BasicStroke(4f));
    t.draw(body);
    t.draw(head);
    t.setColor(new Color(1, 1, 1));
    t.fill(body);
    t.fill(head);
    g.dispose();
    t.dispose();
    addNoise(img, rnd, 7);

    Rectangle2D hb = head.getBounds2D();
    int xmin = clamp((int) Math.floor(hb.getMinX()), 0, w - 1);
    int ymin = clamp((int) Math.floor(hb.getMinY()), 0, h - 1);
    int xmax = clamp((int) Math.ceil(hb.getMaxX()), 0, w - 1);
    int ymax = clamp((int) Math.ceil(hb.getMaxY()), 0, h - 1);
    try {
      writeFile(fs, new Path(images, id + ".jpg"), JpegNormalizer.encodeJpeg(img, QUALITY));
      writeFile(fs, new Path(trimaps, id + ".png"), png(grayFromRed(tri)));
      writeFile(fs, new Path(xmls, id + ".xml"), vocXml(id, breed, w, h, xmin, ymin, xmax, ymax)
          .getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ImageDecodeException e) {
      throw new IllegalStateException(e);
    }
    return new Item(id, c, xmin, ymin, xmax, ymax);
  }

  private static Shape headShape(int kind, double x, double y, double s) {
    return switch (kind) {
      case 0 -> new Ellipse2D.Double(x, y, s, s);
      case 1 -> new Rectangle2D.Double(x, y, s, s);
      case 2 -> new Polygon(new int[] {(int) x, (int) (x + s), (int) (x + s / 2)},
          new int[] {(int) y, (int) y, (int) (y + s)}, 3);
      default -> new Polygon(new int[] {(int) (x + s / 2), (int) (x + s), (int) (x + s / 2), (int) x},
          new int[] {(int) y, (int) (y + s / 2), (int) (y + s), (int) (y + s / 2)}, 4);
    };
  }

  private static void addNoise(BufferedImage img, SplittableRandom rnd, int amplitude) {
    int[] px = ((DataBufferInt) img.getRaster().getDataBuffer()).getData(); // TYPE_INT_RGB pixels
    for (int i = 0; i < px.length; i++) {
      int n = rnd.nextInt(2 * amplitude + 1) - amplitude;
      int p = px[i];
      px[i] = (clamp(((p >> 16) & 0xFF) + n, 0, 255) << 16) | (clamp(((p >> 8) & 0xFF) + n, 0, 255) << 8)
          | clamp((p & 0xFF) + n, 0, 255);
    }
  }

  private static Color jitter(Color c, SplittableRandom rnd, int by) {
    return new Color(clamp(c.getRed() + rnd.nextInt(2 * by + 1) - by, 0, 255),
        clamp(c.getGreen() + rnd.nextInt(2 * by + 1) - by, 0, 255),
        clamp(c.getBlue() + rnd.nextInt(2 * by + 1) - by, 0, 255));
  }

  private static int clamp(int v, int lo, int hi) {
    return Math.max(lo, Math.min(hi, v));
  }

  private static BufferedImage grayFromRed(BufferedImage rgb) {
    int[] px = ((DataBufferInt) rgb.getRaster().getDataBuffer()).getData();
    BufferedImage gray = new BufferedImage(rgb.getWidth(), rgb.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
    byte[] out = ((DataBufferByte) gray.getRaster().getDataBuffer()).getData();
    for (int i = 0; i < px.length; i++) {
      out[i] = (byte) ((px[i] >> 16) & 0xFF);
    }
    return gray;
  }

  private static byte[] png(BufferedImage img) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }

  static String vocXml(String id, String breed, int w, int h, int xmin, int ymin, int xmax, int ymax) {
    String species = isCat(breed) ? "cat" : "dog";
    return "<annotation><folder>OXIIIT</folder><filename>" + id + ".jpg</filename>"
        + "<source><database>OXFORD-IIIT Pet Dataset</database><annotation>OXIIIT</annotation>"
        + "<image>synthetic</image></source><size><width>" + w + "</width><height>" + h + "</height>"
        + "<depth>3</depth></size><segmented>0</segmented><object><name>" + species + "</name>"
        + "<pose>Frontal</pose><truncated>0</truncated><occluded>0</occluded><bndbox><xmin>" + xmin
        + "</xmin><ymin>" + ymin + "</ymin><xmax>" + xmax + "</xmax><ymax>" + ymax + "</ymax></bndbox>"
        + "<difficult>0</difficult></object></annotation>\n";
  }

  /** Capitalised breed names are cats in the Pets dataset. */
  public static boolean isCat(String breed) {
    return Character.isUpperCase(breed.charAt(0));
  }

  private static void writeLists(FileSystem fs, Path annotations, Spec spec, List<Item> items) throws IOException {
    List<String> catBreeds = LabelMap.PETS_CLASSES.stream().filter(SyntheticPets::isCat).toList();
    List<String> dogBreeds = LabelMap.PETS_CLASSES.stream().filter(b -> !isCat(b)).toList();
    StringBuilder list = new StringBuilder()
        .append("#Image CLASS-ID SPECIES BREED ID\n")
        .append("#ID: 1:37 Class ids\n")
        .append("#SPECIES: 1:Cat 2:Dog\n")
        .append("#BREED ID: 1-25:Cat 1:12:Dog\n")
        .append("#All images with 1st letter as captial are cat images\n")
        .append("#images with small first letter are dog images\n");
    StringBuilder trainval = new StringBuilder();
    StringBuilder test = new StringBuilder();
    int trainvalPerClass = (spec.imagesPerClass() + 1) / 2;
    for (Item item : items) {
      String breed = LabelMap.PETS_CLASSES.get(item.classIndex());
      boolean cat = isCat(breed);
      int breedId = (cat ? catBreeds.indexOf(breed) : dogBreeds.indexOf(breed)) + 1;
      String line = item.id() + " " + (item.classIndex() + 1) + " " + (cat ? 1 : 2) + " " + breedId + "\n";
      list.append(line);
      int n = Integer.parseInt(item.id().substring(breed.length() + 1));
      (n <= trainvalPerClass ? trainval : test).append(line);
    }
    writeFile(fs, new Path(annotations, "list.txt"), list.toString().getBytes(StandardCharsets.UTF_8));
    writeFile(fs, new Path(annotations, "trainval.txt"), trainval.toString().getBytes(StandardCharsets.UTF_8));
    writeFile(fs, new Path(annotations, "test.txt"), test.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static void writeFile(FileSystem fs, Path path, byte[] data) throws IOException {
    try (OutputStream out = fs.create(path, true)) {
      out.write(data);
    }
  }
}
