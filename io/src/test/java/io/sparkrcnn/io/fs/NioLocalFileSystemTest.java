package io.sparkrcnn.io.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.sparkrcnn.io.testing.LocalFs;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NioLocalFileSystemTest {
  @TempDir java.nio.file.Path tmp;

  @Test
  void localPathsGetTheNioFilesystemWhichWritesNoChecksumFiles() throws Exception {
    FileSystem fs = LocalFs.get();
    assertInstanceOf(NioLocalFileSystem.class, fs);
    try (var out = fs.create(LocalFs.path(tmp.resolve("a.txt")), true)) {
      out.write(1);
    }
    assertFalse(Files.exists(tmp.resolve(".a.txt.crc")));
  }

  @Test
  void permissionsAreSetWithoutChmod() throws Exception {
    FileSystem fs = LocalFs.get();
    Path p = LocalFs.path(tmp.resolve("b.txt"));
    fs.create(p, true).close();
    fs.setPermission(p, new FsPermission((short) 0640));
    assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("b.txt"))));
    fs.setPermission(p, new FsPermission((short) 0755));
    assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("b.txt"))));
  }
}
