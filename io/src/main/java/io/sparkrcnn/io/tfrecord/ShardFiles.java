package io.sparkrcnn.io.tfrecord;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** The TFRecord files an {@code input_path} names: plain paths or globs such as {@code x.record-?????-of-00010}. */
public final class ShardFiles {
  private ShardFiles() {}

  /** Every file the patterns match, sorted; an error naming the pattern that matches nothing. */
  public static List<Path> expand(FileSystem fs, List<String> patterns) throws IOException {
    List<Path> files = new ArrayList<>();
    for (String pattern : patterns) {
      FileStatus[] matches = fs.globStatus(new Path(pattern));
      if (matches == null || matches.length == 0) {
        throw new FileNotFoundException("input_path '" + pattern + "' matches no file");
      }
      Arrays.stream(matches).filter(FileStatus::isFile).map(FileStatus::getPath).sorted().forEach(files::add);
    }
    return files;
  }

  /**
   * Whether a TFRecord file is one GZIP stream: it starts with the gzip magic and, read as a plain
   * file, its first record length would run past its end.
   */
  public static Compression detect(FileSystem fs, Path file) throws IOException {
    byte[] head = new byte[8];
    int n;
    try (InputStream in = fs.open(file)) {
      n = in.readNBytes(head, 0, 8);
    }
    if (n >= 3 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b && head[2] == 8) {
      long length = 0;
      for (int i = 7; i >= 0; i--) {
        length = (length << 8) | (head[i] & 0xff);
      }
      if (n < 8 || length < 0 || length + 16 > fs.getFileStatus(file).getLen()) {
        return Compression.GZIP;
      }
    }
    return Compression.NONE;
  }
}
