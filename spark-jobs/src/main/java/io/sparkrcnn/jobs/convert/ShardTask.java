package io.sparkrcnn.jobs.convert;

import io.sparkrcnn.io.fs.FileSystems;
import io.sparkrcnn.io.labelmap.LabelMap;
import io.sparkrcnn.conversion.pets.PetsConversionOptions;
import io.sparkrcnn.conversion.pets.PetsLayout;
import io.sparkrcnn.conversion.pets.PetsShardConverter;
import io.sparkrcnn.conversion.pets.ShardResult;
import io.sparkrcnn.conversion.pets.ShardSpec;
import io.sparkrcnn.io.tfrecord.Compression;
import io.sparkrcnn.jobs.spark.SerializableConfiguration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;

/**
 * What one Spark task of the convert job does: writes each of its shards to an attempt file named
 * after the task attempt (so retries and speculative copies never collide) and returns the summaries.
 */
final class ShardTask implements FlatMapFunction<Iterator<ShardSpec>, ShardResult> {
  private final Broadcast<SerializableConfiguration> hadoopConf;
  private final PetsLayout layout;
  private final LabelMap labelMap;
  private final PetsConversionOptions conversion;
  private final Compression compression;
  private final String attemptsDir;

  ShardTask(Broadcast<SerializableConfiguration> hadoopConf, PetsLayout layout, LabelMap labelMap,
      PetsConversionOptions conversion, Compression compression, String attemptsDir) {
    this.hadoopConf = hadoopConf;
    this.layout = layout;
    this.labelMap = labelMap;
    this.conversion = conversion;
    this.compression = compression;
    this.attemptsDir = attemptsDir;
  }

  @Override
  public Iterator<ShardResult> call(Iterator<ShardSpec> specs) throws Exception {
    Configuration c = hadoopConf.value().get();
    TaskContext task = TaskContext.get();
    PetsShardConverter converter = null;
    List<ShardResult> done = new ArrayList<>();
    while (specs.hasNext()) {
      ShardSpec spec = specs.next();
      if (task.isInterrupted()) {
        throw new InterruptedException("task cancelled"); // the job failed elsewhere: write nothing more
      }
      Path target = new Path(attemptsDir, spec.fileName() + ".attempt-" + task.taskAttemptId());
      if (converter == null) {
        converter = new PetsShardConverter(FileSystems.of(layout.rootPath(), c), FileSystems.of(target, c),
            layout, labelMap, conversion, compression);
      }
      done.add(converter.convert(spec, target));
    }
    return done.iterator();
  }
}
