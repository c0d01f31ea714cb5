package io.sparkrcnn.io.tfrecord;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparkrcnn.io.testing.LocalFs;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Random;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Our TFRecord framing against tensorflow-hadoop's CRC-checking reader. */
class TfRecordWriterTest {
  @TempDir java.nio.file.Path tmp;
  FileSystem fs = LocalFs.get();

  private static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void recordsOfAnySizeReadBackThroughTheLibrarysCheckingReader(Compression compression) throws Exception {
    List<byte[]> records = List.of(new byte[0], random(1, 1), random(1000, 2), random(300_000, 3));
    Path p = LocalFs.path(tmp.resolve("f"));
    long size;
    try (TfRecordWriter w = TfRecordWriter.create(fs, p, compression)) {
      for (byte[] r : records) {
        w.write(r);
      }
      assertEquals(4, w.records());
      size = w.finish();
    }
    assertEquals(Files.size(tmp.resolve("f")), size);
    try (TfRecordReader r = TfRecordReader.open(fs, p, compression)) {
      for (byte[] expected : records) {
        assertArrayEquals(expected, r.next());
      }
      assertNull(r.next());
    }
  }

  @Test
  void plainFramingIsLengthCrcDataCrc() throws Exception {
    Path p = LocalFs.path(tmp.resolve("g"));
    try (TfRecordWriter w = TfRecordWriter.create(fs, p, Compression.NONE)) {
      w.write(new byte[] {'a', 'b', 'c'});
      w.finish();
    }
    byte[] b = Files.readAllBytes(tmp.resolve("g"));
    assertEquals(8 + 4 + 3 + 4, b.length);
    assertEquals(3, b[0]);
    assertEquals('a', b[12]);
  }

  @Test
  void aFlippedByteFailsTheReadersCrcCheck() throws Exception {
    Path p = LocalFs.path(tmp.resolve("h"));
    try (TfRecordWriter w = TfRecordWriter.create(fs, p, Compression.NONE)) {
      w.write(random(100, 4));
      w.finish();
    }
    byte[] b = Files.readAllBytes(tmp.resolve("h"));
    b[40] ^= 1;
    Files.write(tmp.resolve("h"), b);
    assertThrows(IOException.class, () -> {
      try (TfRecordReader r = TfRecordReader.open(fs, p, Compression.NONE)) {
        r.next();
      }
    });
  }
}
