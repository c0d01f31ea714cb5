package io.sparkrcnn.io.testing;

import io.sparkrcnn.io.fs.FileSystems;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** The local Hadoop filesystem, as jobs see it, for tests. */
public final class LocalFs {
  private LocalFs() {}

  public static FileSystem get() {
    try {
      return FileSystems.of(new Path("file:///"), new Configuration());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Path path(java.nio.file.Path p) {
    return new Path(p.toUri());
  }
}
