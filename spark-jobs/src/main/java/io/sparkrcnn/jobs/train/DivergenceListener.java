package io.sparkrcnn.jobs.train;

import io.sparkrcnn.model.checkpoint.Checkpoints;
import java.io.IOException;
import org.apache.hadoop.fs.Path;

/**
 * Ends the run with a {@link TrainingDivergedException} when a round's loss or averaged parameters are not finite,
 * before anything of that round is logged or checkpointed.
 */
final class DivergenceListener implements TrainingListener {
  private final Checkpoints checkpoints;

  DivergenceListener(Checkpoints checkpoints) {
    this.checkpoints = checkpoints;
  }

  @Override
  public void afterRound(RoundEnd end) throws IOException {
    double averaged = end.averagedScore();
    double score = end.round().totals().getOrDefault(LossReportingHook.TOTAL, averaged);
    double paramSum = end.graph().params().sumNumber().doubleValue();
    if (!Double.isFinite(score) || !Double.isFinite(averaged) || !Double.isFinite(paramSum)) {
      throw new TrainingDivergedException("loss became " + (Double.isFinite(score) ? "finite but parameters "
          + paramSum : score) + " in steps " + (end.round().step() + 1) + "-" + end.step() + "; nothing of this run"
          + " after " + describe(checkpoints.latest()) + " was kept (lower the learning rate or"
          + " gradient_clipping_by_norm, or check the input records)");
    }
  }

  private static String describe(Path checkpoint) {
    return checkpoint == null ? "the start (no checkpoint yet)" : "the last good checkpoint " + checkpoint;
  }
}
