package io.sparkrcnn.model.detector;

import io.sparkrcnn.model.roi.BoxClassifierLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The detector's raw inference output, what {@link BoxClassifierLayer} emits: per image {@code slots} proposal
 * slots of {@link #valuesPerSlot(int) 4 + K + 1 + 4K} values — the proposal box {@code [ymin, xmin, ymax, xmax]} in
 * canvas pixels, the K + 1 class probabilities (background first), then 4K box codes relative to the proposal
 * (class k's at {@code 4(k − 1)}). Slots are filled best proposal first; unused slots are all zero. As an array it is
 * {@code [N, slots × valuesPerSlot]}, row-major.
 */
public record SecondStageOutput(int numClasses, int slots) {
  private static final int BOX = 4;

  public SecondStageOutput {
    if (numClasses < 1 || slots < 1) {
      throw new IllegalArgumentException("second-stage output needs classes and slots, got " + numClasses + " and "
          + slots);
    }
  }

  /** Values per proposal slot: box (4), class probabilities (K + 1), box codes (4K). */
  public static int valuesPerSlot(int numClasses) {
    return BOX + predictionsPerRoi(numClasses);
  }

  /** The box predictor's outputs per RoI: K + 1 class logits and 4K box codes. */
  public static int predictionsPerRoi(int numClasses) {
    return numClasses + 1 + 4 * numClasses;
  }

  public int valuesPerSlot() {
    return valuesPerSlot(numClasses);
  }

  public int valuesPerImage() {
    return slots * valuesPerSlot();
  }

  /** An all-empty output for {@code images} images, to be filled slot by slot. */
  public Writer writer(int images) {
    return new Writer(this, images);
  }

  /** Reads the box classifier's output among a detector graph's outputs (as {@code graph.output} returns them). */
  public Reader read(ComputationGraph graph, INDArray[] outputs) {
    return read(select(graph, outputs));
  }

  /** The box classifier's output array among a detector graph's outputs. */
  public static INDArray select(ComputationGraph graph, INDArray[] outputs) {
    int index = graph.getConfiguration().getNetworkOutputs().indexOf(FasterRcnnGraph.BOX_CLASSIFIER);
    if (index < 0) {
      throw new IllegalArgumentException("the graph has no " + FasterRcnnGraph.BOX_CLASSIFIER + " output");
    }
    return outputs[index];
  }

  /** Reads an output array {@code [N, slots × valuesPerSlot]}. */
  public Reader read(INDArray output) {
    return new Reader(this, output.castTo(DataType.DOUBLE).dup('c').data().asDouble());
  }

  private int at(int image, int slot) {
    return (image * slots + slot) * valuesPerSlot();
  }

  /** Fills each image's slots in the order its RoIs are added. */
  public static final class Writer {
    private final SecondStageOutput layout;
    private final double[] values;
    private final int[] used;

    private Writer(SecondStageOutput layout, int images) {
      this.layout = layout;
      this.values = new double[images * layout.valuesPerImage()];
      this.used = new int[images];
    }

    /**
     * Fills image {@code image}'s next slot: the proposal box, then K + 1 probabilities from
     * {@code probabilities[probabilitiesFrom …]} and 4K codes from {@code codes[codesFrom …]}.
     */
    public void add(int image, float[] box, double[] probabilities, int probabilitiesFrom, double[] codes,
        int codesFrom) {
      if (used[image] == layout.slots) {
        throw new IllegalStateException("image " + image + " has no free slot of " + layout.slots);
      }
      int at = layout.at(image, used[image]++);
      for (int j = 0; j < BOX; j++) {
        values[at + j] = box[j];
      }
      int k1 = layout.numClasses + 1;
      System.arraycopy(probabilities, probabilitiesFrom, values, at + BOX, k1);
      System.arraycopy(codes, codesFrom, values, at + BOX + k1, 4 * layout.numClasses);
    }

    public INDArray toArray() {
      return Nd4j.create(values, new long[] {used.length, layout.valuesPerImage()}, 'c');
    }
  }

  /** Per-slot access to an output's values. */
  public static final class Reader {
    private final SecondStageOutput layout;
    private final double[] values;

    public Reader(SecondStageOutput layout, double[] values) {
      if (values.length % layout.valuesPerImage() != 0) {
        throw new IllegalArgumentException(values.length + " values are not whole images of " + layout.slots
            + " slots × " + layout.valuesPerSlot());
      }
      this.layout = layout;
      this.values = values;
    }

    public SecondStageOutput layout() {
      return layout;
    }

    public int images() {
      return values.length / layout.valuesPerImage();
    }

    /** The slot's proposal box {@code [ymin, xmin, ymax, xmax]} in canvas pixels (all zero when the slot is empty). */
    public float[] box(int image, int slot) {
      int at = layout.at(image, slot);
      return new float[] {(float) values[at], (float) values[at + 1], (float) values[at + 2], (float) values[at + 3]};
    }

    /** Probability of class {@code k} (0 = background). */
    public double probability(int image, int slot, int k) {
      return values[layout.at(image, slot) + BOX + k];
    }

    /** Box codes {@code [ty, tx, th, tw]} of class {@code k ≥ 1} relative to the slot's proposal. */
    public float[] codes(int image, int slot, int k) {
      int c = layout.at(image, slot) + BOX + layout.numClasses + 1 + 4 * (k - 1);
      return new float[] {(float) values[c], (float) values[c + 1], (float) values[c + 2], (float) values[c + 3]};
    }
  }
}
