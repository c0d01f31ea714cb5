package io.sparkrcnn.conversion.testing;

import io.sparkrcnn.conversion.synth.SyntheticPets;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A Pets-layout folder with the real dataset's quirks, and worse: missing and malformed XML, PNG,
 * GIF and RGBA content under .jpg names, CMYK and truncated JPEGs, boxes outside the image, a breed
 * the label map lacks, a blank line in trainval.txt and .mat files in images/.
 */
public final class QuirkyPets {
  /** What should happen to an example: skipped (with a reason containing {@code text}) or converted. */
  public record Expect(boolean skipped, String text) {}

  private QuirkyPets() {}

  /** Writes the folder; returns the expectation for every quirky id (all other ids convert cleanly). */
  public static Map<String, Expect> write(FileSystem fs, Path root, int imagesPerClass, int numClasses)
      throws IOException {
    List<SyntheticPets.Item> items = SyntheticPets.write(fs, root, new SyntheticPets.Spec(imagesPerClass, numClasses,
        3, 96, 72));
    Map<String, Expect> expect = new LinkedHashMap<>();
    Path images = new Path(root, "images");
    Path xmls = new Path(root, "annotations/xmls");
    String trainval = new String(read(fs, new Path(root, "annotations/trainval.txt")), StandardCharsets.UTF_8);
    List<String> ids = trainval.lines().map(l -> l.split(" ")[0]).toList();
    int k = 0;
    fs.delete(new Path(xmls, ids.get(k) + ".xml"), false);
    expect.put(ids.get(k++), new Expect(true, "annotation missing"));
    write(fs, new Path(xmls, ids.get(k) + ".xml"), "<annotation><filename>".getBytes(StandardCharsets.UTF_8));
    expect.put(ids.get(k++), new Expect(true, "bad annotation"));
    fs.delete(new Path(images, ids.get(k) + ".jpg"), false);
    expect.put(ids.get(k++), new Expect(true, "image missing"));
    write(fs, new Path(images, ids.get(k) + ".jpg"), TestImages.rgbaPng(96, 72));
    expect.put(ids.get(k++), new Expect(false, "PNG content"));
    write(fs, new Path(images, ids.get(k) + ".jpg"), TestImages.gif(96, 72));
    expect.put(ids.get(k++), new Expect(false, "GIF content"));
    write(fs, new Path(images, ids.get(k) + ".jpg"), TestImages.cmykJpeg(96, 72));
    expect.put(ids.get(k++), new Expect(false, "CMYK"));
    write(fs, new Path(images, ids.get(k) + ".jpg"), TestImages.truncated(read(fs, new Path(images, ids.get(k) + ".jpg"))));
    expect.put(ids.get(k++), new Expect(true, "truncated"));
    write(fs, new Path(images, ids.get(k) + ".jpg"), "not an image at all".getBytes(StandardCharsets.UTF_8));
    expect.put(ids.get(k++), new Expect(true, "not an image"));
    rewriteBox(fs, xmls, ids.get(k), false);
    expect.put(ids.get(k++), new Expect(false, "clipped"));
    rewriteBox(fs, xmls, ids.get(k), true);
    expect.put(ids.get(k++), new Expect(true, "no usable box"));

    // A breed the label map does not know, listed like the others.
    String unicorn = "Unicorn_1";
    write(fs, new Path(images, unicorn + ".jpg"), TestImages.jpeg(96, 72));
    write(fs, new Path(xmls, unicorn + ".xml"), read(fs, new Path(xmls, items.get(items.size() - 1).id() + ".xml")));
    String xml = new String(read(fs, new Path(xmls, unicorn + ".xml")), StandardCharsets.UTF_8)
        .replaceAll("<filename>[^<]*</filename>", "<filename>Unicorn_1.jpg</filename>");
    write(fs, new Path(xmls, unicorn + ".xml"), xml.getBytes(StandardCharsets.UTF_8));
    expect.put(unicorn, new Expect(true, "not in the label map"));
    expect.put("", new Expect(true, "blank line"));
    write(fs, new Path(root, "annotations/trainval.txt"),
        (trainval + unicorn + " 38 1 13\n\n").getBytes(StandardCharsets.UTF_8));

    write(fs, new Path(images, "Abyssinian_100.mat"), "MATLAB 5.0 MAT-file".getBytes(StandardCharsets.UTF_8));
    write(fs, new Path(images, "Abyssinian_101.mat"), "MATLAB 5.0 MAT-file".getBytes(StandardCharsets.UTF_8));
    return expect;
  }

  /** Moves the box partly (right edge past the image) or wholly (below the image) outside. */
  private static void rewriteBox(FileSystem fs, Path xmls, String id, boolean wholly) throws IOException {
    Path p = new Path(xmls, id + ".xml");
    String xml = new String(read(fs, p), StandardCharsets.UTF_8);
    if (!wholly) {
      xml = xml.replaceAll("<xmax>\\d+</xmax>", "<xmax>140</xmax>");
    } else {
      xml = xml.replaceAll("<ymin>\\d+</ymin>", "<ymin>500</ymin>").replaceAll("<ymax>\\d+</ymax>", "<ymax>600</ymax>");
    }
    write(fs, p, xml.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] read(FileSystem fs, Path p) throws IOException {
    try (var in = fs.open(p)) {
      return in.readAllBytes();
    }
  }

  private static void write(FileSystem fs, Path p, byte[] data) throws IOException {
    try (OutputStream out = fs.create(p, true)) {
      out.write(data);
    }
  }
}
