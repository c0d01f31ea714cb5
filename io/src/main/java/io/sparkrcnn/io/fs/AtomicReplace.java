package io.sparkrcnn.io.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.hdfs.DistributedFileSystem;

/**
 * Moves a finished temporary file onto its final name, replacing the file there, and never deletes the old file
 * before the new one is in place. HDFS renames with {@code OVERWRITE} in one namenode operation and the local
 * filesystem with {@code rename(2)}: readers see the old file or the new one, nothing in between. Other filesystems
 * (s3a…) first move the old file aside to {@code .<name>.replaced-<uuid>} and delete it once the new one is in
 * place, so a kill between the two renames leaves both versions, never none ({@link #restoreAside} puts such an
 * old version back when nothing replaced it).
 */
public final class AtomicReplace {
  /** The names {@link #move} moves an old file aside to, on filesystems without an atomic replace. */
  public static final Pattern ASIDE = Pattern.compile("^\\.(.+)\\.replaced-[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$");

  private AtomicReplace() {}

  /**
   * Renames {@code from} to {@code to}, replacing {@code to} if it exists; {@code from} (a temporary file of the
   * caller) is deleted when the rename fails.
   */
  public static void move(FileSystem fs, Path from, Path to) throws IOException {
    try {
      if (fs instanceof DistributedFileSystem dfs) {
        dfs.rename(from, to, Options.Rename.OVERWRITE);
      } else if (fs instanceof RawLocalFileSystem local) {
        Files.move(local.pathToFile(from).toPath(), local.pathToFile(to).toPath(), StandardCopyOption.ATOMIC_MOVE);
      } else {
        moveAside(fs, from, to);
      }
    } catch (IOException e) {
      fs.delete(from, false);
      throw new IOException("cannot rename " + from + " to " + to + " (" + e.getMessage() + ")", e);
    }
  }

  private static void moveAside(FileSystem fs, Path from, Path to) throws IOException {
    Path aside = null;
    if (fs.exists(to)) {
      aside = new Path(to.getParent(), "." + to.getName() + ".replaced-" + UUID.randomUUID());
      if (!fs.rename(to, aside)) {
        throw new IOException("cannot move the old " + to + " aside");
      }
    }
    if (!fs.rename(from, to)) {
      if (aside != null) {
        fs.rename(aside, to);
      }
      throw new IOException("rename failed");
    }
    if (aside != null) {
      fs.delete(aside, false);
    }
  }

  /**
   * For an old version {@code aside} left by a {@link #move} that was killed between its renames: puts it back
   * when its file is missing (true), or deletes it when a newer file is in place (false).
   */
  public static boolean restoreAside(FileSystem fs, Path aside) throws IOException {
    var m = ASIDE.matcher(aside.getName());
    if (!m.matches()) {
      throw new IllegalArgumentException(aside + " is not a file moved aside by AtomicReplace");
    }
    Path original = new Path(aside.getParent(), m.group(1));
    if (!fs.exists(original)) {
      if (!fs.rename(aside, original)) {
        throw new IOException("cannot move " + aside + " back to " + original);
      }
      return true;
    }
    fs.delete(aside, false);
    return false;
  }
}
