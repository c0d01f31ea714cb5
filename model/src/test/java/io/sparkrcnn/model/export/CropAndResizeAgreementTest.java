package io.sparkrcnn.model.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparkrcnn.model.roi.RoiAlign;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tensorflow.proto.GraphDef;

/**
 * Our RoI align and the exported graph's CropAndResize + MaxPool sample the same points, boxes on the canvas edge too
 * (where TensorFlow's last sample can land a rounding error past the map: both read the edge there).
 */
class CropAndResizeAgreementTest {
  private static final int H = 8;
  private static final int W = 8;
  private static final int C = 3;
  private static final float CANVAS = 128;

  private static GraphDef graph(float[] box, RoiAlign align) {
    GraphDefBuilder g = new GraphDefBuilder();
    TfNodes t = new TfNodes(g, "");
    String features = g.placeholder("features", TfNodes.F32, 1, H, W, C);
    String crops = BoxHeadNodes.crops(t, features, t.reshape("box", t.f32("box_pixels", box), TfNodes.F32, 1, 4),
        t.i32("index", 0), align.cropSize(), CANVAS, H, W);
    t.op("MaxPool", "pooled", List.of(crops), Map.of("T", Attrs.type(TfNodes.F32), "data_format",
        Attrs.string("NHWC"), "ksize", Attrs.ints(1, align.poolKernel(), align.poolKernel(), 1), "strides",
        Attrs.ints(1, align.poolStride(), align.poolStride(), 1), "padding", Attrs.string("VALID")));
    return g.build();
  }

  @Test
  void boxesInsideAndOnTheBorderCropAlike() {
    Random r = new Random(5);
    float[] hwc = new float[H * W * C];
    for (int i = 0; i < hwc.length; i++) {
      hwc[i] = (float) r.nextGaussian() + 2; // positive: a sample read as 0 outside shows in the max
    }
    RoiAlign align = new RoiAlign(14, 2, 2);
    float[][] boxes = {{0, 34.67221f, 22.94725f, 128f}, {0, 0, 128, 128}, {3.5f, 7.25f, 60.1f, 127.9f},
        {100, 100, 128, 128}, {0, 0, 22.94725f, 128f}, {12.3f, 45.6f, 78.9f, 101.2f}};
    double[] features = new double[hwc.length];
    for (int i = 0; i < hwc.length; i++) {
      features[i] = hwc[i];
    }
    java.util.List<float[]> all = new java.util.ArrayList<>(java.util.Arrays.asList(boxes));
    for (int k = 0; k < 200; k++) {
      float y0 = r.nextFloat() * 100;
      float x0 = r.nextFloat() * 100;
      all.add(new float[] {y0, x0, k % 2 == 0 ? CANVAS : y0 + 1 + r.nextFloat() * (CANVAS - y0 - 1), CANVAS});
    }
    for (float[] box : all) {
      int pooled = align.pooledSize();
      double[] ours = new double[pooled * pooled * C];
      align.forward(features, H, W, C, box, CANVAS, ours, 0, new int[ours.length]);
      INDArray tf = TensorFlowRun.run(graph(box, align), "features", Nd4j.create(hwc, new long[] {1, H, W, C}, 'c'),
          "pooled");
      float[] theirs = tf.reshape(tf.length()).toFloatVector();
      for (int i = 0; i < ours.length; i++) {
        assertEquals(theirs[i], ours[i], 1e-5, "box " + java.util.Arrays.toString(box) + " value " + i);
      }
    }
  }
}
