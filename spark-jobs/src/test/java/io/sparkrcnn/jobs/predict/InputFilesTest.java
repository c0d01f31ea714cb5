package io.sparkrcnn.jobs.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrcnn.io.testing.LocalFs;
import io.sparkrcnn.io.tfrecord.Compression;
import io.sparkrcnn.io.tfrecord.TfRecordWriter;
import io.sparkrcnn.jobs.UserError;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --input_path listing (files, directories, globs, shards) and telling images from TFRecord files. */
class InputFilesTest {
  @TempDir static Path tmp;
  static Path images;
  static Path shards;

  @BeforeAll
  static void files() throws Exception {
    images = Files.createDirectories(tmp.resolve("images"));
    Files.write(images.resolve("b.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G'});
    Files.write(images.resolve("a.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF});
    Files.writeString(images.resolve(".a.jpg.crc"), "hidden");
    Files.writeString(images.resolve("_SUCCESS"), "");
    Files.createDirectories(images.resolve("sub")).resolve("c.jpg").toFile().createNewFile();
    shards = Files.createDirectories(tmp.resolve("records"));
    for (int i = 0; i < 3; i++) {
      record(shards.resolve("val.record-0000" + i + "-of-00003"), "r" + i);
    }
  }

  private static void record(Path file, String content) throws Exception {
    try (TfRecordWriter w = TfRecordWriter.create(LocalFs.get(), LocalFs.path(file), Compression.NONE)) {
      w.write(content.getBytes(StandardCharsets.UTF_8));
    }
  }

  private static List<String> names(String inputPath) throws Exception {
    return InputFiles.list(new Configuration(), inputPath).stream()
        .map(p -> p.substring(p.lastIndexOf('/') + 1)).toList();
  }

  @Test
  void aDirectoryGivesItsVisibleFilesSortedWithoutSubdirectories() throws Exception {
    assertEquals(List.of("a.jpg", "b.png"), names(images.toString()));
    assertTrue(InputFiles.list(new Configuration(), images.toString()).get(0).startsWith("file:/"));
  }

  @Test
  void globsAndShardPatternsMatchFilesAndEntriesKeepTheirOrderOnce() throws Exception {
    assertEquals(List.of("val.record-00000-of-00003", "val.record-00001-of-00003", "val.record-00002-of-00003"),
        names(shards + "/val.record-?????-of-00003"));
    assertEquals(List.of("b.png", "a.jpg", "c.jpg", "val.record-00001-of-00003"),
        names(images + "/b.png, " + images + "/*.jpg," + images + "/sub," + shards + "/*-0000[1]-*," + images
            + "/b.png"));
  }

  @Test
  void commasInsideAGlobsBracesDoNotSeparateEntries() throws Exception {
    assertEquals(List.of("/a/{x,y}.jpg", "/b", "c{1,{2,3}}"), InputFiles.entries(" /a/{x,y}.jpg,/b,, c{1,{2,3}}"));
    assertEquals(List.of("a.jpg", "b.png", "val.record-00002-of-00003"),
        names(images + "/{a.jpg,b.png}," + shards + "/*-0000{2,3}-*"));
  }

  @Test
  void anEntryMatchingNothingOrOnlyEmptyDirectoriesIsRefusedByName() throws Exception {
    Files.createDirectories(tmp.resolve("empty"));
    UserError e = assertThrows(UserError.class, () -> names(images + "," + tmp.resolve("nope*.jpg")));
    assertEquals("--input_path '" + tmp.resolve("nope*.jpg") + "' matches no file", e.getMessage());
    e = assertThrows(UserError.class, () -> names(tmp.resolve("empty").toString()));
    assertTrue(e.getMessage().contains("matches only directories without files"), e.getMessage());
    e = assertThrows(UserError.class, () -> names(" , "));
    assertTrue(e.getMessage().startsWith("--input_path is empty"), e.getMessage());
  }

  @Test
  void aFileIsAnImageOrTfRecordByItsFirstBytesThenByItsName() throws Exception {
    Path shard = shards.resolve("val.record-00000-of-00003");
    byte[] head = Files.readAllBytes(shard);
    assertEquals(InputKind.TFRECORD, InputKind.of("looks_like.jpg", head, InputKind.HEAD));
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write(head);
    }
    assertEquals(InputKind.TFRECORD, InputKind.of("x", gz.toByteArray(), InputKind.HEAD));
    assertEquals(InputKind.IMAGE, InputKind.of("photo.dat", new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0, 0,
        0, 0, 0, 0, 0, 0, 0}, InputKind.HEAD));
    assertEquals(InputKind.IMAGE, InputKind.of("x", "GIF89a......".getBytes(StandardCharsets.US_ASCII), 12));
    assertEquals(InputKind.IMAGE, InputKind.of("broken.JPG", "not an image".getBytes(StandardCharsets.US_ASCII), 12));
    assertEquals(InputKind.UNKNOWN, InputKind.of("notes.txt", "not an image".getBytes(StandardCharsets.US_ASCII), 12));
    head[8]++; // a record header whose CRC does not match is not one
    assertEquals(InputKind.UNKNOWN, InputKind.of("val.record", head, InputKind.HEAD));
    assertEquals(InputKind.TFRECORD, InputKind.of("val.record-00009-of-00010", new byte[12], 0)); // an empty shard
    assertEquals(InputKind.IMAGE, InputKind.of("empty.png", new byte[12], 0));
  }
}
