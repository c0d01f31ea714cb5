package io.sparkrcnn.conversion.pets;

import io.sparkrcnn.io.example.DetectionExample;
import io.sparkrcnn.io.example.DetectionObject;
import io.sparkrcnn.io.example.ExampleEncoder;
import io.sparkrcnn.io.example.InstanceMasks;
import io.sparkrcnn.io.example.NormalizedBox;
import io.sparkrcnn.conversion.image.ImageDecodeException;
import io.sparkrcnn.conversion.image.JpegNormalizer;
import io.sparkrcnn.conversion.image.NormalizedImage;
import io.sparkrcnn.io.labelmap.LabelMap;
import io.sparkrcnn.conversion.voc.VocAnnotation;
import io.sparkrcnn.conversion.voc.VocFormatException;
import io.sparkrcnn.conversion.voc.VocObject;
import io.sparkrcnn.conversion.voc.VocXmlParser;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Turns one Pets example id into a tf.train.Example the way {@code create_pet_tf_record.py} does,
 * except that unusable input is skipped with a reason instead of crashing or shipping a bad record.
 */
public final class PetExampleReader {
  private static final float REENCODE_QUALITY = 0.95f;

  private final FileSystem fs;
  private final LabelMap labelMap;
  private final PetsConversionOptions options;
  private final VocXmlParser xmlParser = new VocXmlParser();
  private final JpegNormalizer normalizer;
  // Built once: a Hadoop Path costs a URI parse, and each example needs three.
  private final Path xmlsDir;
  private final Path trimapsDir;
  private final Path imagesDir;

  public PetExampleReader(FileSystem fs, PetsLayout layout, LabelMap labelMap, PetsConversionOptions options) {
    this.fs = fs;
    this.labelMap = labelMap;
    this.options = options;
    this.normalizer = new JpegNormalizer(options.verifyDecode(), REENCODE_QUALITY);
    this.xmlsDir = layout.xmlsDir();
    this.trimapsDir = layout.trimapsDir();
    this.imagesDir = layout.imagesDir();
  }

  /**
   * Converts one example. Unusable input is a {@link ExampleOutcome.Skipped} with the reason; only
   * I/O failures (a disk or network fault, not a missing file) are thrown, failing the task so that
   * Spark retries it.
   */
  public ExampleOutcome read(String id) throws IOException {
    try {
      return convert(id);
    } catch (RuntimeException e) {
      // Whatever a single odd file provokes in a parser or decoder must not stop the whole job.
      return skip(id, "unusable example (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
    }
  }

  private ExampleOutcome convert(String id) throws IOException {
    if (id.isEmpty()) {
      return skip(id, "blank line in annotations/trainval.txt");
    }
    Optional<byte[]> xml = readIfExists(child(xmlsDir, id + ".xml"));
    if (xml.isEmpty()) {
      return skip(id, "annotation missing: annotations/xmls/" + id + ".xml");
    }
    VocAnnotation ann;
    try {
      ann = xmlParser.parse(xml.get());
    } catch (VocFormatException e) {
      return skip(id, "bad annotation annotations/xmls/" + id + ".xml: " + e.getMessage());
    }
    String filename = ann.filename().isEmpty() ? id + ".jpg" : ann.filename();
    Optional<String> className = PetClassName.fromFilename(filename);
    if (className.isEmpty()) {
      return skip(id, "file name '" + filename + "' does not match <breed>_<number>.jpg, so it has no class");
    }
    Optional<Integer> label = labelMap.idOf(className.get());
    if (label.isEmpty()) {
      return skip(id, "class '" + className.get() + "' is not in the label map");
    }
    if (ann.objects().isEmpty()) {
      return skip(id, "annotation has no <object>");
    }
    Optional<byte[]> imageBytes = readIfExists(child(imagesDir, filename));
    if (imageBytes.isEmpty()) {
      return skip(id, "image missing: images/" + filename);
    }
    NormalizedImage image;
    try {
      image = normalizer.normalize(imageBytes.get());
    } catch (ImageDecodeException e) {
      return skip(id, "images/" + filename + ": " + e.getMessage());
    }
    String note = image.decodeWarning() == null ? null
        : "image data damaged but decodable (" + image.decodeWarning() + ")";
    if (image.width() != ann.width() || image.height() != ann.height()) {
      note = (note == null ? "" : note + "; ") + "annotation says " + ann.width() + "x" + ann.height()
          + ", image is " + image.width() + "x" + image.height() + "; boxes normalised by the "
          + (options.facesOnly() ? "annotation's size (as the reference)" : "trimap's size");
    }

    List<NormalizedBox> boxes = new ArrayList<>();
    InstanceMasks masks = null;
    if (options.facesOnly()) {
      for (VocObject o : ann.objects()) {
        boxes.add(new NormalizedBox((float) (o.ymin() / ann.height()), (float) (o.xmin() / ann.width()),
            (float) (o.ymax() / ann.height()), (float) (o.xmax() / ann.width())));
      }
    } else {
      Optional<byte[]> trimapBytes = readIfExists(child(trimapsDir, id + ".png"));
      if (trimapBytes.isEmpty()) {
        return skip(id, "trimap missing: annotations/trimaps/" + id + ".png");
      }
      Trimap trimap;
      try {
        trimap = Trimap.decode(trimapBytes.get());
      } catch (ImageDecodeException e) {
        return skip(id, "annotations/trimaps/" + id + ".png: " + e.getMessage());
      }
      if (trimap.width() != image.width() || trimap.height() != image.height()) {
        return skip(id, "trimap is " + trimap.width() + "x" + trimap.height() + " but the image is "
            + image.width() + "x" + image.height());
      }
      Optional<int[]> extent = trimap.foregroundExtent();
      if (extent.isEmpty()) {
        return skip(id, "trimap has no foreground (every pixel is background)");
      }
      int[] e = extent.get();
      NormalizedBox body = new NormalizedBox((float) e[1] / trimap.height(), (float) e[0] / trimap.width(),
          (float) e[3] / trimap.height(), (float) e[2] / trimap.width());
      boxes.addAll(Collections.nCopies(ann.objects().size(), body));
      masks = options.maskType() == MaskType.PNG
          ? new InstanceMasks.Png(Collections.nCopies(ann.objects().size(), trimap.maskPng()))
          : new InstanceMasks.Numerical(repeat(trimap.maskValues(), ann.objects().size()));
    }

    int clipped = 0;
    int dropped = 0;
    List<DetectionObject> objects = new ArrayList<>();
    List<Integer> keptIndices = new ArrayList<>();
    for (int i = 0; i < boxes.size(); i++) {
      NormalizedBox box = boxes.get(i);
      if (!box.insideUnitSquare()) {
        clipped++;
        box = box.clipped();
      }
      if (box.isEmpty()) {
        dropped++;
        continue;
      }
      VocObject o = ann.objects().get(i);
      objects.add(new DetectionObject(box, className.get(), label.get(), o.difficult(), o.truncated(), o.pose()));
      keptIndices.add(i);
    }
    if (objects.isEmpty()) {
      return skip(id, "no usable box: all " + boxes.size() + " box(es) are empty or outside the image");
    }
    if (masks instanceof InstanceMasks.Png png && keptIndices.size() < boxes.size()) {
      masks = new InstanceMasks.Png(keptIndices.stream().map(png.pngs()::get).toList());
    }
    DetectionExample example = new DetectionExample(filename, filename, image.jpeg(), image.width(),
        image.height(), objects, masks);
    return new ExampleOutcome.Converted(id, ExampleEncoder.encode(example), clipped, dropped, image.reencodedBecause(), note);
  }

  /**
   * A file in a directory, its name taken literally: {@code new Path(dir, name)} would read a
   * {@code :} in the name as a URI scheme. Names with a {@code /} could leave the directory.
   */
  private static Path child(Path dir, String name) {
    if (name.contains("/")) {
      throw new IllegalArgumentException("file name '" + name + "' contains '/'");
    }
    java.net.URI u = dir.toUri();
    return new Path(u.getScheme(), u.getAuthority(), u.getPath() + "/" + name);
  }

  private Optional<byte[]> readIfExists(Path path) throws IOException {
    try {
      return Optional.of(PetsLayout.readAll(fs, path));
    } catch (FileNotFoundException e) {
      return Optional.empty();
    }
  }

  private static ExampleOutcome skip(String id, String reason) {
    return new ExampleOutcome.Skipped(id, reason);
  }

  private static float[] repeat(float[] values, int times) {
    float[] out = new float[values.length * times];
    for (int i = 0; i < times; i++) {
      System.arraycopy(values, 0, out, i * values.length, values.length);
    }
    return out;
  }
}
