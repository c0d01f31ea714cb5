package io.sparkrcnn.model.detector;

import io.sparkrcnn.model.backbone.Backbone;
import io.sparkrcnn.model.roi.BoxClassifier;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.memory.MemoryUseMode;
import org.deeplearning4j.nn.conf.memory.NetworkMemoryReport;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The memory one worker needs for a training step, {@code fixedBytes + batch × perImageBytes}, estimated without
 * running the graph: DL4J's memory report of the graph in training mode (parameters, gradients, updater state,
 * activations and working memory of its standard layers), the box classifier's working arrays (its own
 * implementation, which that report cannot see: the second-stage input and its gradient, the RoI crops and theirs,
 * in double precision), two more parameter copies (the broadcast and the averaged ones of parameter averaging) and
 * the prepared batches a worker holds for a round.
 *
 * <p>A lower bound rather than a prediction: measured peak resident memory while training was 1.0× this estimate
 * per image for ResNet-50 (384-pixel canvas, batches 1 and 3) and 1.9× for the tiny backbone (batches 1, 8 and 32,
 * the rest being garbage the Java heap had not collected yet), so a batch refused by it cannot fit.
 */
public record StepMemory(long fixedBytes, long perImageBytes) {
  /** Bytes of a step with {@code batch} images. */
  public double bytes(long batch) {
    return fixedBytes + (double) batch * perImageBytes;
  }

  /** The largest batch whose step fits in {@code available} bytes (0 when not even one image does). */
  public long largestBatch(double available) {
    return (long) Math.max(0, Math.floor((available - fixedBytes) / perImageBytes));
  }

  /**
   * The estimate for {@code graph} (a Faster R-CNN of {@link FasterRcnnGraph}) on a {@code canvas}-pixel square
   * input, a worker holding {@code batchesHeld} prepared batches at once.
   */
  public static StepMemory of(ComputationGraph graph, int canvas, int batchesHeld) {
    NetworkMemoryReport report = graph.getConfiguration().getMemoryReport(InputType.convolutional(canvas, canvas, 3));
    long one = report.getTotalMemoryBytes(1, MemoryUseMode.TRAINING, CacheMode.NONE, DataType.FLOAT);
    long two = report.getTotalMemoryBytes(2, MemoryUseMode.TRAINING, CacheMode.NONE, DataType.FLOAT);
    long reportPerImage = two - one;
    BoxClassifier box = (BoxClassifier) graph.getLayer(FasterRcnnGraph.BOX_CLASSIFIER).conf().getLayer();
    long cells = (long) Backbone.featureSize(canvas) * Backbone.featureSize(canvas);
    long secondStageInput = (box.featureChannels() + 5L * box.anchors().anchorsPerLocation()) * cells;
    long crops = (long) box.batchSize() * box.pooledSize() * box.pooledSize() * box.featureChannels();
    // input and its gradient: a float32 → float64 copy off-heap and a double[] each (8 + 8 bytes, twice); crops:
    // double[] and int[] argmax forward, float32 copy, double[] gradient and its float32 source backward
    long boxHead = secondStageInput * 32 + crops * (8 + 4 + 4 + 16 + 4);
    long batchBytes = 3L * canvas * canvas * Float.BYTES * Math.max(1, batchesHeld);
    long parameterCopies = 2L * graph.numParams() * Float.BYTES;
    return new StepMemory(one - reportPerImage + parameterCopies, reportPerImage + boxHead + batchBytes);
  }
}
