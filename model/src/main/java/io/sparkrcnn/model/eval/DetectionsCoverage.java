package io.sparkrcnn.model.eval;

import io.sparkrcnn.model.detector.ImageDetections;
import io.sparkrcnn.io.example.GroundTruth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How far a detections file can match the ground truth at all: detections whose {@code image_id} is no
 * {@code image/source_id} of the eval records, boxes outside [0, 1] (pixel coordinates), and inverted boxes
 * (ymin &gt; ymax or xmin &gt; xmax) all score as false positives, so a file made only of them scores mAP 0
 * for a reason that is not the model's.
 *
 * @param images lines (images) in the file
 * @param knownImages of those, images whose id is in the ground truth
 * @param boxes boxes in the file
 * @param usableBoxes boxes of the known images inside [0, 1] and not inverted: the ones that can match
 * @param problems one phrase per kind of mismatch, each with a count and an example
 */
public record DetectionsCoverage(int images, int knownImages, int boxes, int usableBoxes, List<String> problems) {
  /** How far a coordinate may stray outside [0, 1] (rounding) before the box counts as not normalised. */
  static final float TOLERANCE = 0.01f;

  public DetectionsCoverage {
    problems = List.copyOf(problems);
  }

  public static DetectionsCoverage of(List<GroundTruth> truth, List<ImageDetections> dets) {
    Set<String> ids = new HashSet<>();
    Map<String, String> byLooseKey = new HashMap<>();
    for (GroundTruth g : truth) {
      ids.add(g.sourceId());
      byLooseKey.putIfAbsent(looseKey(g.sourceId()), g.sourceId());
    }
    int unknown = 0;
    String unknownExample = null;
    int boxes = 0;
    int usable = 0;
    int outside = 0;
    int inverted = 0;
    String outsideExample = null;
    String invertedExample = null;
    for (ImageDetections d : dets) {
      boolean known = ids.contains(d.imageId());
      if (!known) {
        unknown++;
        unknownExample = unknownExample == null ? describeUnknown(d.imageId(), byLooseKey) : unknownExample;
      }
      for (float[] b : d.boxes()) {
        boxes++;
        if (!normalised(b)) {
          outside++;
          outsideExample = outsideExample == null ? example(d.imageId(), b) : outsideExample;
        } else if (b[0] > b[2] || b[1] > b[3]) {
          inverted++;
          invertedExample = invertedExample == null ? example(d.imageId(), b) : invertedExample;
        } else if (known) {
          usable++;
        }
      }
    }
    List<String> problems = new ArrayList<>();
    if (unknown > 0) {
      problems.add(unknown + " of " + dets.size() + " images have an image_id that is no image/source_id of the"
          + " eval records (e.g. " + unknownExample + ")");
    }
    if (outside > 0) {
      problems.add(outside + " of " + boxes + " boxes have coordinates outside [0, 1] (e.g. " + outsideExample
          + "): that looks like pixel coordinates; give them normalised by the image height and width");
    }
    if (inverted > 0) {
      problems.add(inverted + " of " + boxes + " boxes have ymin > ymax or xmin > xmax (e.g. " + invertedExample
          + "); give each box as [ymin, xmin, ymax, xmax]");
    }
    return new DetectionsCoverage(dets.size(), dets.size() - unknown, boxes, usable, problems);
  }

  /** No detection can count as a true positive: the file is not what eval expects, whatever the model did. */
  public boolean nothingCanMatch() {
    return images == 0 || knownImages == 0 || (boxes > 0 && usableBoxes == 0);
  }

  /** Why the file is refused, in one line (when {@link #nothingCanMatch()}). */
  public String refusal() {
    if (images == 0) {
      return "holds no detections (one JSON object per line, one line per image)";
    }
    return "has no detection that can match the ground truth: " + summary();
  }

  /** What does not match, in one line; empty when everything can. */
  public String summary() {
    return String.join("; ", problems);
  }

  private static boolean normalised(float[] b) {
    for (float v : b) {
      if (!(v >= -TOLERANCE && v <= 1 + TOLERANCE)) {
        return false;
      }
    }
    return true;
  }

  private static String example(String imageId, float[] box) {
    return "'" + imageId + "' " + Arrays.toString(box);
  }

  /** The id, and the ground-truth id it most likely meant (a missing or other extension, a path, the case). */
  private static String describeUnknown(String id, Map<String, String> byLooseKey) {
    String nearest = byLooseKey.get(looseKey(id));
    return "'" + id + "'" + (nearest == null ? "" : ", the records have '" + nearest + "'");
  }

  /** The file name without folders or extension, lower case: what two spellings of one image id share. */
  private static String looseKey(String id) {
    String name = id.substring(id.lastIndexOf('/') + 1);
    int dot = name.lastIndexOf('.');
    return (dot > 0 ? name.substring(0, dot) : name).toLowerCase(Locale.ROOT);
  }
}
