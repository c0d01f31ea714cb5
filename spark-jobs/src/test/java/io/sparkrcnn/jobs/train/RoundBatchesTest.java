package io.sparkrcnn.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.sparkrcnn.io.fs.FileSystems;
import io.sparkrcnn.jobs.testing.Cli;
import io.sparkrcnn.model.input.RecordFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/** A worker's batches for one round: deterministic per (step, worker), unusable records skipped and counted. */
class RoundBatchesTest {
  @TempDir Path tmp;

  private List<byte[]> records() throws Exception {
    Path pets = tmp.resolve("pets");
    Path out = tmp.resolve("records");
    assertEquals(0, Cli.run("synth", "--output_dir", pets.toString(), "--num_classes", "2", "--images_per_class", "6",
        "--image_size", "64x48").exit());
    assertEquals(0, Cli.run("convert", "--data_dir", pets.toString(), "--output_dir", out.toString(),
        "--num_shards", "1").exit());
    String file = out.resolve("pet_faces_train.record-00000-of-00001").toString();
    return RecordFiles.readAll(FileSystems.of(new org.apache.hadoop.fs.Path(file), new Configuration()),
        List.of(file));
  }

  private static List<MultiDataSet> draw(BatchSpec spec, List<byte[]> records, int worker, long step,
      LossTotals totals) throws Exception {
    List<MultiDataSet> out = new ArrayList<>();
    new RoundBatches(spec, step, 3, totals).call(worker, records.iterator()).forEachRemaining(out::add);
    return out;
  }

  @Test
  void theSameStepAndWorkerGiveTheSameBatchesAndBrokenRecordsAreCounted() throws Exception {
    List<byte[]> records = new ArrayList<>(records());
    records.add(new byte[] {1, 2, 3}); // not a tf.Example
    BatchSpec spec = new BatchSpec(32, 64, 2, 10, true, 5);
    LossTotals totals = new LossTotals();
    List<MultiDataSet> a = draw(spec, records, 0, 4, totals);
    List<MultiDataSet> again = draw(spec, records, 0, 4, new LossTotals());
    List<MultiDataSet> otherWorker = draw(spec, records, 1, 4, new LossTotals());
    assertEquals(3, a.size());
    for (int i = 0; i < 3; i++) {
      assertEquals(2, a.get(i).getFeatures(0).size(0));
      assertEquals(a.get(i).getFeatures(0), again.get(i).getFeatures(0));
    }
    assertNotEquals(a.get(0).getFeatures(0), otherWorker.get(0).getFeatures(0));

    // over enough steps every record is drawn: the broken one is skipped and counted once per round
    LossTotals many = new LossTotals();
    new RoundBatches(spec, 0, 20, many).call(0, records.iterator()).forEachRemaining(b -> { });
    assertEquals(1.0, many.value().get(RoundBatches.UNUSABLE));
  }
}
