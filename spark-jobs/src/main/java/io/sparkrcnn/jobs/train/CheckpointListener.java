package io.sparkrcnn.jobs.train;

import io.sparkrcnn.model.checkpoint.Checkpoints;
import java.io.IOException;
import java.io.PrintWriter;
import org.apache.hadoop.fs.Path;

/** Writes a checkpoint every {@code every} steps and at the last step, and says where. */
final class CheckpointListener implements TrainingListener {
  private final Checkpoints checkpoints;
  private final int every;
  private final PrintWriter log;
  private Path last;

  CheckpointListener(Checkpoints checkpoints, int every, PrintWriter log) {
    this.checkpoints = checkpoints;
    this.every = every;
    this.log = log;
  }

  @Override
  public void afterRound(RoundEnd end) throws IOException {
    if (end.step() % every == 0 || end.step() == end.numSteps()) {
      last = checkpoints.write(end.graph(), end.step());
      log.println("saved " + last);
      log.flush();
    }
  }

  /** The checkpoint this run wrote last, else the train_dir's latest. */
  Path last() throws IOException {
    return last != null ? last : checkpoints.latest();
  }
}
