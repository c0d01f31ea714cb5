package io.sparkrcnn.io.fs;

import java.io.IOException;
import java.net.URI;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Opens the Hadoop filesystem of a path ({@code file://}, {@code hdfs://}, {@code s3a://}…). */
public final class FileSystems {
  private FileSystems() {}

  /**
   * The filesystem of {@code path}. For {@code file://} it is {@link NioLocalFileSystem}: no
   * {@code .crc} side files (they clutter datasets and outputs, and a stale one after a hand edit of
   * {@code trainval.txt} would fail the read), and no {@code chmod} process forked per created file.
   */
  public static FileSystem of(Path path, Configuration conf) throws IOException {
    FileSystem fs = path.getFileSystem(conf);
    if (fs instanceof LocalFileSystem) {
      return local(conf);
    }
    return fs;
  }

  private static volatile NioLocalFileSystem local;

  private static NioLocalFileSystem local(Configuration conf) throws IOException {
    if (local == null) {
      synchronized (FileSystems.class) {
        if (local == null) {
          NioLocalFileSystem fs = new NioLocalFileSystem();
          fs.initialize(URI.create("file:///"), conf);
          local = fs;
        }
      }
    }
    return local;
  }
}
