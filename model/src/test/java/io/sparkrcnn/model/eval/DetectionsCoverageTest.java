package io.sparkrcnn.model.eval;

import io.sparkrcnn.model.detector.ImageDetections;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrcnn.io.example.GroundTruth;
import java.util.List;
import org.junit.jupiter.api.Test;

class DetectionsCoverageTest {
  private static final List<GroundTruth> TRUTH = List.of(truth("Abyssinian_1.jpg"), truth("beagle_2.jpg"));

  private static GroundTruth truth(String id) {
    return new GroundTruth(id, 500, 375, new float[][] {{0.1f, 0.2f, 0.5f, 0.6f}}, new int[] {1},
        new boolean[] {false});
  }

  private static ImageDetections det(String id, float... box) {
    return new ImageDetections(id, new float[][] {box}, new float[] {0.9f}, new int[] {1});
  }

  @Test
  void matchingDetectionsHaveNoProblems() {
    DetectionsCoverage c = DetectionsCoverage.of(TRUTH, List.of(det("Abyssinian_1.jpg", 0.1f, 0.2f, 0.5f, 0.6f),
        det("beagle_2.jpg", 0f, 0f, 1.005f, 1f)));
    assertFalse(c.nothingCanMatch());
    assertEquals(List.of(), c.problems());
    assertEquals(2, c.knownImages());
    assertEquals(2, c.usableBoxes());
  }

  @Test
  void idsWithoutTheExtensionAreRefusedNamingTheIdTheyMeant() {
    DetectionsCoverage c = DetectionsCoverage.of(TRUTH, List.of(det("Abyssinian_1", 0.1f, 0.2f, 0.5f, 0.6f),
        det("images/BEAGLE_2.png", 0.1f, 0.2f, 0.5f, 0.6f)));
    assertTrue(c.nothingCanMatch());
    assertEquals(0, c.knownImages());
    assertTrue(c.refusal().contains("2 of 2 images have an image_id that is no image/source_id")
        && c.refusal().contains("'Abyssinian_1', the records have 'Abyssinian_1.jpg'"), c.refusal());
    DetectionsCoverage other = DetectionsCoverage.of(TRUTH, List.of(det("cat_9.jpg", 0.1f, 0.2f, 0.5f, 0.6f)));
    assertTrue(other.refusal().contains("(e.g. 'cat_9.jpg')"), other.refusal());
  }

  @Test
  void pixelCoordinatesAreRefusedAsSuch() {
    DetectionsCoverage c = DetectionsCoverage.of(TRUTH, List.of(det("Abyssinian_1.jpg", 37, 100, 187, 300)));
    assertTrue(c.nothingCanMatch());
    assertTrue(c.refusal().contains("1 of 1 boxes have coordinates outside [0, 1]")
        && c.refusal().contains("pixel coordinates"), c.refusal());
  }

  @Test
  void everyKindOfMismatchIsNamedAtOnce() {
    DetectionsCoverage c = DetectionsCoverage.of(TRUTH, List.of(det("Abyssinian_1", 37, 100, 187, 300)));
    assertTrue(c.nothingCanMatch());
    assertEquals(2, c.problems().size(), c.summary());
    assertTrue(c.summary().contains("image_id") && c.summary().contains("pixel coordinates"), c.summary());
  }

  @Test
  void invertedBoxesAreRefusedAsSuch() {
    DetectionsCoverage c = DetectionsCoverage.of(TRUTH, List.of(det("Abyssinian_1.jpg", 0.5f, 0.2f, 0.1f, 0.6f)));
    assertTrue(c.nothingCanMatch());
    assertTrue(c.refusal().contains("ymin > ymax or xmin > xmax"), c.refusal());
  }

  @Test
  void anEmptyFileIsRefused() {
    DetectionsCoverage c = DetectionsCoverage.of(TRUTH, List.of());
    assertTrue(c.nothingCanMatch());
    assertTrue(c.refusal().contains("holds no detections"), c.refusal());
  }

  @Test
  void aPartialMismatchIsCountedButNotRefused() {
    DetectionsCoverage c = DetectionsCoverage.of(TRUTH, List.of(det("Abyssinian_1.jpg", 0.1f, 0.2f, 0.5f, 0.6f),
        det("beagle_2", 0.1f, 0.2f, 0.5f, 0.6f)));
    assertFalse(c.nothingCanMatch());
    assertEquals(1, c.knownImages());
    assertEquals("1 of 2 images have an image_id that is no image/source_id of the eval records"
        + " (e.g. 'beagle_2', the records have 'beagle_2.jpg')", c.summary());
  }

  @Test
  void imagesWithNoBoxesAreAValidResultNotAMismatch() {
    DetectionsCoverage c = DetectionsCoverage.of(TRUTH, List.of(new ImageDetections("beagle_2.jpg",
        new float[0][], new float[0], new int[0])));
    assertFalse(c.nothingCanMatch());
    assertEquals(List.of(), c.problems());
  }
}
