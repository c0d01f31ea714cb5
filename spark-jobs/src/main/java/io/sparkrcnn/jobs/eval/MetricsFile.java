package io.sparkrcnn.jobs.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sparkrcnn.io.fs.AtomicWrite;
import io.sparkrcnn.io.fs.FileSystems;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** EVAL_DIR/metrics.json: the metrics as indented JSON (NaN as null), written atomically. */
public final class MetricsFile {
  public static final String NAME = "metrics.json";

  private MetricsFile() {}

  /** Writes {@code metrics} into {@code evalDir}; returns the qualified path. */
  static Path write(Configuration conf, String evalDir, Map<String, Double> metrics) throws IOException {
    Path dir = new Path(evalDir);
    FileSystem fs = FileSystems.of(dir, conf);
    Map<String, Double> json = new LinkedHashMap<>();
    metrics.forEach((k, v) -> json.put(k, v == null || v.isNaN() ? null : v));
    byte[] bytes = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(json);
    return fs.makeQualified(AtomicWrite.write(fs, new Path(dir, NAME), bytes));
  }
}
