package io.sparkrcnn.io.tfrecord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparkrcnn.io.testing.LocalFs;
import java.io.FileNotFoundException;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShardFilesTest {
  @TempDir java.nio.file.Path tmp;
  FileSystem fs = LocalFs.get();

  private Path write(String name, Compression c, byte[] record) throws Exception {
    Path p = LocalFs.path(tmp.resolve(name));
    try (TfRecordWriter w = TfRecordWriter.create(fs, p, c)) {
      w.write(record);
      w.finish();
    }
    return p;
  }

  @Test
  void globsExpandSortedAndANonMatchingPatternIsNamed() throws Exception {
    write("x.record-00001-of-00002", Compression.NONE, new byte[3]);
    write("x.record-00000-of-00002", Compression.NONE, new byte[3]);
    List<Path> files = ShardFiles.expand(fs, List.of(tmp.resolve("x.record-?????-of-00002").toString()));
    assertEquals(List.of("x.record-00000-of-00002", "x.record-00001-of-00002"),
        files.stream().map(Path::getName).toList());
    FileNotFoundException e = assertThrows(FileNotFoundException.class,
        () -> ShardFiles.expand(fs, List.of(tmp.resolve("y-*").toString())));
    assertEquals("input_path '" + tmp.resolve("y-*") + "' matches no file", e.getMessage());
  }

  @Test
  void gzipIsToldFromPlainEvenWhenARecordStartsLikeGzip() throws Exception {
    assertEquals(Compression.GZIP, ShardFiles.detect(fs, write("g", Compression.GZIP, new byte[100])));
    assertEquals(Compression.NONE, ShardFiles.detect(fs, write("p", Compression.NONE, new byte[100])));
    // A plain file whose first record is 0x088b1f bytes long starts with the gzip magic 1f 8b 08.
    assertEquals(Compression.NONE, ShardFiles.detect(fs, write("tricky", Compression.NONE, new byte[0x088b1f])));
  }
}
