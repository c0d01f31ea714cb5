package io.sparkrcnn.model.input;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparkrcnn.model.box.CanvasBoxes;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;

class DetectionBatchesTest {
  private static PreparedImage image(String id, float base, float[][] boxes, int[] classes) {
    float[] pixels = new float[3 * 4 * 4];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = base + i;
    }
    return new PreparedImage(id, pixels, 4, 3, 4, 30, 40, boxes, classes, new boolean[classes.length]);
  }

  @Test
  void featuresAndTwiceTheGroundTruthPaddedAndTruncated() {
    PreparedImage a = image("a", 0, new float[][] {{0, 1, 2, 3}}, new int[] {5});
    PreparedImage b = image("b", 1000, new float[][] {{1, 1, 2, 2}, {0, 0, 3, 4}, {1, 2, 3, 4}, {0, 0, 1, 1}},
        new int[] {1, 2, 3, 4});
    DetectionBatch batch = DetectionBatches.assemble(List.of(a, b), 3);
    MultiDataSet data = batch.data();

    assertEquals(1, data.getFeatures().length);
    INDArray features = data.getFeatures(0);
    assertEquals(DataType.FLOAT, features.dataType());
    assertArrayEquals(new long[] {2, 3, 4, 4}, features.shape());
    // Channel 1, row 2, column 3 of image b: flat index 16 + 8 + 3.
    assertEquals(1000 + 27, features.getFloat(1, 1, 2, 3));
    assertEquals(5, features.getFloat(0, 0, 1, 1));

    assertEquals(2, data.getLabels().length);
    INDArray truth = data.getLabels(0);
    assertEquals(DataType.FLOAT, truth.dataType());
    assertArrayEquals(new long[] {2, 15}, truth.shape());
    assertEquals(truth, data.getLabels(1));
    assertArrayEquals(new float[] {0, 1, 2, 3, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, truth.getRow(0).toFloatVector());
    // Four boxes, three kept: the first three.
    assertArrayEquals(new float[] {1, 1, 2, 2, 1, 0, 0, 3, 4, 2, 1, 2, 3, 4, 3}, truth.getRow(1).toFloatVector());

    assertEquals(2, batch.size());
    assertEquals("a", batch.images().get(0).sourceId());
    assertEquals("b", batch.images().get(1).sourceId());
    assertEquals(30, batch.images().get(1).originalHeight());
    assertArrayEquals(new float[] {1 / 3f, 0.25f, 1, 1}, CanvasBoxes.normalised(new float[] {1, 1, 3, 4},
        batch.images().get(1).resizedHeight(), batch.images().get(1).resizedWidth()), 1e-6f);
  }

  @Test
  void refusesMixedCanvasesAndEmptyBatches() {
    PreparedImage small = image("a", 0, new float[0][], new int[0]);
    PreparedImage big = new PreparedImage("b", new float[3 * 25], 5, 5, 5, 5, 5, new float[0][], new int[0],
        new boolean[0]);
    assertThrows(IllegalArgumentException.class, () -> DetectionBatches.assemble(List.of(small, big), 2));
    assertThrows(IllegalArgumentException.class, () -> DetectionBatches.assemble(List.of(), 2));
  }
}
