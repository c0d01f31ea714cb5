package io.sparkrcnn.jobs.train;

import io.sparkrcnn.jobs.UserError;
import io.sparkrcnn.model.config.PipelineSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;

/** What train checks once Spark is up: the cluster for the workers, the records for the model and the batch. */
final class TrainChecks {
  private TrainChecks() {}

  /** Refuses Kryo and executors without the device; warns when the workers outnumber the executor cores. */
  static void cluster(JavaSparkContext sc, TrainOptions o, PrintWriter out) {
    String serializer = sc.getConf().get("spark.serializer", "");
    if (serializer.contains("Kryo")) {
      throw new UserError("spark.serializer is " + serializer + ": training ships ND4J arrays (parameters, updater"
          + " state), which Kryo cannot serialize without ND4J's registrator; run train with --conf"
          + " spark.serializer=org.apache.spark.serializer.JavaSerializer");
    }
    Devices.checkExecutors(sc, o.device(), o.numWorkers());
    if (o.numWorkers() > sc.defaultParallelism()) {
      out.printf(Locale.ROOT, "warning: %d workers but %d executor cores: rounds will run in waves%n", o.numWorkers(),
          sc.defaultParallelism());
    }
  }

  /** Refuses too few records for the workers or a batch, and label ids above the model's classes. */
  static void records(Configuration conf, ShardRecords records, PipelineSettings settings, int workers)
      throws IOException {
    if (records.count() < workers) {
      throw new UserError("train_input_reader: " + records.count() + " records for " + workers
          + " workers; lower --num_workers");
    }
    int numClasses = settings.model().numClasses();
    String labelMapPath = settings.trainInput().labelMapPath();
    PipelineFiles.checkRecordLabels(records.labels().max(), records.labels().file(), numClasses,
        "train_input_reader");
    PipelineFiles.checkLabelMap(PipelineFiles.labelMap(conf, labelMapPath), labelMapPath, numClasses,
        "train_input_reader");
    int batch = settings.train().batchSize();
    if (batch > records.fewestPerWorker()) {
      throw new UserError("train_config.batch_size " + batch + " is more than the " + records.fewestPerWorker()
          + " records a worker holds (" + records.count() + " records, " + workers + " worker"
          + (workers == 1 ? "" : "s") + "); lower batch_size to at most " + records.fewestPerWorker()
          + (workers > 1 ? " or --num_workers" : "") + ", or convert more examples");
    }
  }

  /**
   * The step to train to: {@code steps}, or earlier where train_input_reader.num_epochs over the records ends
   * (said in one line; when the graph is already there at step {@code at}, says so and returns it).
   */
  static long stepOfEpochsEnd(ShardRecords records, PipelineSettings settings, int workers, long steps, long at,
      PrintWriter out) {
    long epochsEnd = settings.trainInput().lastStepOfEpochs(records.count(), workers, settings.train().batchSize());
    if (epochsEnd >= steps) {
      return steps;
    }
    if (epochsEnd <= at) {
      out.printf(Locale.ROOT, "already at step %d >= %d, where train_input_reader.num_epochs %d over %d records"
          + " ends; nothing to train (raise num_epochs to train on)%n", at, epochsEnd,
          settings.trainInput().numEpochs(), records.count());
      out.flush();
      return at;
    }
    out.printf(Locale.ROOT, "train_input_reader.num_epochs %d over %d records: training ends at step %d%n",
        settings.trainInput().numEpochs(), records.count(), epochsEnd);
    return epochsEnd;
  }
}
