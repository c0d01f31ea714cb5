package io.sparkrcnn.conversion.fs;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Opens the Hadoop filesystem of a path ({@code file://}, {@code hdfs://}, {@code s3a://}…). */
public final class FileSystems {
  private FileSystems() {}

  /**
   * The filesystem of {@code path}. On the local filesystem no {@code .crc} side files are written
   * or checked: they clutter datasets and outputs, and a stale one (after a hand edit of
   * {@code trainval.txt}, say) would fail the read.
   */
  public static FileSystem of(Path path, Configuration conf) throws IOException {
    FileSystem fs = path.getFileSystem(conf);
    if (fs instanceof ChecksumFileSystem checksummed) {
      checksummed.setWriteChecksum(false);
      checksummed.setVerifyChecksum(false);
    }
    return fs;
  }
}
