package io.sparkrcnn.model.input;

import io.sparkrcnn.io.tfrecord.Compression;
import io.sparkrcnn.io.tfrecord.ShardFiles;
import io.sparkrcnn.io.tfrecord.TfRecordReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Reads whole TFRecord datasets into memory: every record of every file an {@code input_path} names. */
public final class RecordFiles {
  private RecordFiles() {}

  /**
   * The records of the files the patterns match (see {@link ShardFiles#expand}), file by file in sorted
   * order, each file plain or GZIP as {@link ShardFiles#detect} finds it.
   *
   * @throws FileNotFoundException naming the pattern that matches no file
   * @throws DamagedRecordFileException naming the file that cannot be read (corrupt, truncated, bad CRC)
   */
  public static List<byte[]> readAll(FileSystem fs, List<String> patterns) throws IOException {
    if (patterns.isEmpty()) {
      throw new IllegalArgumentException("no input_path given");
    }
    List<Path> files = ShardFiles.expand(fs, patterns);
    if (files.isEmpty()) {
      throw new FileNotFoundException("input_path " + patterns + " matches only directories");
    }
    List<byte[]> records = new ArrayList<>();
    for (Path file : files) {
      records.addAll(read(fs, file));
    }
    return records;
  }

  /**
   * The records of one file, plain or GZIP as {@link ShardFiles#detect} finds it.
   *
   * @throws DamagedRecordFileException naming the file that cannot be read (corrupt, truncated, bad CRC)
   * @throws IOException when the filesystem fails
   */
  public static List<byte[]> read(FileSystem fs, Path file) throws IOException {
    List<byte[]> records = new ArrayList<>();
    Compression compression = ShardFiles.detect(fs, file);
    try (TfRecordReader reader = TfRecordReader.open(fs, file, compression)) {
      for (byte[] r = reader.next(); r != null; r = reader.next()) {
        records.add(r);
      }
    } catch (FileNotFoundException | java.nio.file.AccessDeniedException
        | org.apache.hadoop.security.AccessControlException e) {
      throw e; // the filesystem's answer, not damage
    } catch (IOException | RuntimeException e) {
      throw new DamagedRecordFileException(file.toString(), records.size(), e);
    }
    return records;
  }
}
