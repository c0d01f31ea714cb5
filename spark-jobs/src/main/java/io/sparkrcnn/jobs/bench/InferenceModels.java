package io.sparkrcnn.jobs.bench;

import io.sparkrcnn.io.example.DetectionExample;
import io.sparkrcnn.io.example.ExampleEncoder;
import io.sparkrcnn.model.config.ModelSettings;
import io.sparkrcnn.model.config.TrainSettings;
import io.sparkrcnn.model.detector.FasterRcnnGraph;
import io.sparkrcnn.model.export.InferenceGraph;
import io.sparkrcnn.model.input.DetectionBatch;
import io.sparkrcnn.model.input.DetectionBatches;
import io.sparkrcnn.model.input.ImagePreparer;
import io.sparkrcnn.model.input.KeepAspectRatioResizer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The models and the image of {@code sparkrcnn bench inference}: a detector with random weights and random batch-norm
 * statistics, its heads' inputs scaled to unit size (random ResNets grow their activations by orders of magnitude;
 * trained weights would not), its checkpoint and inference-model round trips, and one synthetic test image.
 */
final class InferenceModels {
  private InferenceModels() {}

  /** A random detector of {@code model} whose detections are decisive (scores far apart). */
  static ComputationGraph randomDetector(ModelSettings model, TrainSettings train, long seed) {
    ComputationGraph net = FasterRcnnGraph.build(model, train, seed);
    randomBatchNorms(net, seed + 1);
    Layer box = net.getLayer(FasterRcnnGraph.BOX_CLASSIFIER);
    box.setParam("classW", box.getParam("classW").mul(4));
    tame(net, model.canvasSize());
    return net;
  }

  /**
   * The inference model that an export writes as {@code model.dl4j.zip}, made from the graph as training leaves it:
   * batch norms folded into the convolutions ({@link InferenceGraph#fold}).
   */
  static ComputationGraph inferenceModel(ComputationGraph trained) {
    return InferenceGraph.fold(trained);
  }

  /**
   * Fills {@code net}'s updater state (the optimizer's momentum, zeros until a step is taken) with small random
   * numbers, as training leaves it: a checkpoint then carries that state at its real compressed size.
   */
  static void trainingState(ComputationGraph net, long seed) {
    INDArray state = net.getUpdater(true).getStateViewArray();
    if (state != null && state.length() > 0) {
      org.nd4j.linalg.api.rng.Random random = Nd4j.getRandomFactory().getNewRandomInstance(seed);
      state.assign(Nd4j.rand(random, state.shape()).castTo(state.dataType()).subi(0.5).muli(1e-3));
    }
  }

  /** {@code net} written to {@code zip} by ModelSerializer (with the updater or not) and read back. */
  static ComputationGraph roundTrip(ComputationGraph net, File zip, boolean updater) throws IOException {
    ModelSerializer.writeModel(net, zip, updater);
    return ModelSerializer.restoreComputationGraph(zip, updater);
  }

  /** Random gamma, beta, mean and variance in every batch norm (frozen or DL4J's). */
  private static void randomBatchNorms(ComputationGraph net, long seed) {
    org.nd4j.linalg.api.rng.Random random = Nd4j.getRandomFactory().getNewRandomInstance(seed);
    for (Layer layer : net.getLayers()) {
      Map<String, INDArray> p = layer.paramTable();
      if (p.containsKey("mean")) {
        long[] shape = p.get("mean").shape();
        layer.setParam("gamma", uniform(random, shape, 0.6, 1.4));
        layer.setParam("beta", uniform(random, shape, -0.3, 0.3));
        layer.setParam("mean", uniform(random, shape, -0.3, 0.3));
        if (p.containsKey("var")) {
          layer.setParam("var", uniform(random, shape, 0.3, 2.0));
        } else { // DL4J's BatchNormalization with useLogStd: log10 of the standard deviation
          layer.setParam("log10stdev", uniform(random, shape, Math.log10(Math.sqrt(0.3)), Math.log10(Math.sqrt(2))));
        }
      }
    }
  }

  private static INDArray uniform(org.nd4j.linalg.api.rng.Random random, long[] shape, double low, double high) {
    return Nd4j.rand(random, shape).castTo(DataType.FLOAT).muli(high - low).addi(low);
  }

  /** Scales the RPN's and the box head's input weights so that the features reach them at mean 1. */
  private static void tame(ComputationGraph net, int canvas) {
    String features = net.getConfiguration().getVertexInputs().get("second_stage/input").get(0);
    float[] pixels = new float[3 * canvas * canvas];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (i * 37 % 255) - 128f;
    }
    INDArray image = Nd4j.create(pixels, new long[] {1, 3, canvas, canvas}, 'c');
    double mean = net.feedForward(image, false).get(features).meanNumber().doubleValue();
    if (mean > 0) {
      net.getLayer("rpn/conv").setParam("W", net.getLayer("rpn/conv").getParam("W").mul(1 / mean));
      Layer box = net.getLayer(FasterRcnnGraph.BOX_CLASSIFIER);
      box.setParam("reduceW", box.getParam("reduceW").mul(1 / mean));
    }
  }

  /** A smooth colour image with a few flat rectangles, {@code h} × {@code w}. */
  static BufferedImage image(int h, int w, long seed) {
    Random r = new Random(seed);
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    int[] base = {r.nextInt(256), r.nextInt(256), r.nextInt(256)};
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int red = (base[0] + x * 3) & 0xff;
        int green = (base[1] + y * 2) & 0xff;
        img.setRGB(x, y, red << 16 | green << 8 | ((base[2] + (x ^ y)) & 0xff));
      }
    }
    for (int k = 0; k < 3; k++) {
      int y0 = r.nextInt(h / 2);
      int x0 = r.nextInt(w / 2);
      int colour = r.nextInt(0xffffff);
      for (int y = y0; y < Math.min(h, y0 + 10 + r.nextInt(h / 2)); y++) {
        for (int x = x0; x < Math.min(w, x0 + 10 + r.nextInt(w / 2)); x++) {
          img.setRGB(x, y, colour);
        }
      }
    }
    return img;
  }

  /** The image as TensorFlow's {@code image_tensor} bytes: uint8 RGB, row-major {@code [h, w, 3]}. */
  static byte[] rgb(BufferedImage img) {
    byte[] out = new byte[img.getHeight() * img.getWidth() * 3];
    int at = 0;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        int p = img.getRGB(x, y);
        out[at++] = (byte) (p >> 16);
        out[at++] = (byte) (p >> 8);
        out[at++] = (byte) p;
      }
    }
    return out;
  }

  /** The image through our input pipeline (PNG in a tf.Example, decoded, resized, padded): a batch of one. */
  static DetectionBatch batch(BufferedImage img, ModelSettings model, String id) throws Exception {
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(img, "png", png);
    byte[] example = ExampleEncoder.encode(new DetectionExample(id + ".png", id, png.toByteArray(), img.getWidth(),
        img.getHeight(), List.of(), null)).toByteArray();
    ImagePreparer preparer = new ImagePreparer(new KeepAspectRatioResizer(model.minDimension(),
        model.maxDimension()));
    return DetectionBatches.assemble(List.of(preparer.prepare(example, false)), 1);
  }
}
