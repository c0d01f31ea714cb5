package io.sparkrcnn.model.input;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrcnn.io.fs.FileSystems;
import io.sparkrcnn.io.tfrecord.Compression;
import io.sparkrcnn.io.tfrecord.TfRecordWriter;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordFilesTest {
  @TempDir
  java.nio.file.Path dir;

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private FileSystem write(String name, Compression compression, String... records) throws IOException {
    Path path = new Path(dir.resolve(name).toUri());
    FileSystem fs = FileSystems.of(path, new Configuration());
    try (TfRecordWriter w = TfRecordWriter.create(fs, path, compression)) {
      for (String r : records) {
        w.write(bytes(r));
      }
    }
    return fs;
  }

  @Test
  void readsPlainAndGzipShardsInOrder() throws IOException {
    write("train.record-00001-of-00002", Compression.GZIP, "c", "d", "e");
    FileSystem fs = write("train.record-00000-of-00002", Compression.NONE, "a", "b");
    List<byte[]> records = RecordFiles.readAll(fs, List.of(dir.toUri() + "train.record-?????-of-00002"));
    assertEquals(5, records.size());
    String[] expected = {"a", "b", "c", "d", "e"};
    for (int i = 0; i < 5; i++) {
      assertArrayEquals(bytes(expected[i]), records.get(i));
    }
  }

  @Test
  void patternMatchingNothingIsNamed() throws IOException {
    FileSystem fs = write("val.record", Compression.NONE, "a");
    String pattern = dir.toUri() + "train.record-?????-of-00010";
    FileNotFoundException e = assertThrows(FileNotFoundException.class, () -> RecordFiles.readAll(fs,
        List.of(pattern)));
    assertTrue(e.getMessage().contains(pattern), e.getMessage());
  }

  @Test
  void unreadableFileIsNamed() throws IOException {
    FileSystem fs = write("good.record", Compression.NONE, "a");
    Files.write(dir.resolve("junk.record"), bytes("this is not a TFRecord file at all"));
    IOException e = assertThrows(IOException.class, () -> RecordFiles.readAll(fs,
        List.of(dir.toUri() + "*.record")));
    assertTrue(e.getMessage().contains("junk.record"), e.getMessage());
  }

  @Test
  void aTruncatedFileIsNamedWithTheRecordsReadBeforeTheDamage() throws IOException {
    FileSystem fs = write("cut.record", Compression.NONE, "first", "second record");
    java.nio.file.Path file = dir.resolve("cut.record");
    byte[] whole = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(whole, whole.length - 6));
    DamagedRecordFileException e = assertThrows(DamagedRecordFileException.class, () -> RecordFiles.read(fs,
        new Path(file.toUri())));
    assertTrue(e.file().endsWith("cut.record"), e.file());
    assertEquals(1, e.recordsRead());
    assertTrue(!e.reason().isBlank() && !e.reason().contains("\n"), e.reason());
  }
}
