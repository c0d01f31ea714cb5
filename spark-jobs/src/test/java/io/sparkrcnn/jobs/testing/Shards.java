package io.sparkrcnn.jobs.testing;

import io.sparkrcnn.io.testing.TensorFlowReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Reads every shard of a split in a local output folder with TensorFlow. */
public final class Shards {
  private Shards() {}

  public static List<Path> of(Path dir, String base) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().startsWith(base + "-")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static List<TensorFlowReader.Parsed> readAll(Path dir, String base, String compression) {
    List<TensorFlowReader.Parsed> all = new ArrayList<>();
    for (Path shard : of(dir, base)) {
      all.addAll(TensorFlowReader.read(shard, compression, TensorFlowReader.Masks.NONE));
    }
    return all;
  }
}
