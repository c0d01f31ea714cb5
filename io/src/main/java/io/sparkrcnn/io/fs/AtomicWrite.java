package io.sparkrcnn.io.fs;

import java.io.IOException;
import java.io.OutputStream;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Writes a file whole or not at all: the content goes to a temporary sibling {@code .NAME.<uuid>.tmp}, which
 * {@link AtomicReplace#move} then renames onto {@code NAME}. Readers see the old file or the new one; a failed write
 * removes its temporary file, and a killed one leaves only a name that {@link #TEMPORARY} recognises.
 */
public final class AtomicWrite {
  /** Names of the temporary files: group 1 is the final name. */
  public static final Pattern TEMPORARY =
      Pattern.compile("^\\.(.+)\\.[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}\\.tmp$");

  /** What goes into the file. */
  @FunctionalInterface
  public interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  private AtomicWrite() {}

  /** Writes {@code target} (creating its directory) from {@code content}; returns {@code target}. */
  public static Path write(FileSystem fs, Path target, Content content) throws IOException {
    fs.mkdirs(target.getParent());
    Path tmp = new Path(target.getParent(), "." + target.getName() + "." + UUID.randomUUID() + ".tmp");
    try (OutputStream out = fs.create(tmp, true)) {
      content.writeTo(out);
    } catch (IOException | RuntimeException e) {
      fs.delete(tmp, false);
      throw e;
    }
    AtomicReplace.move(fs, tmp, target);
    return target;
  }

  /** Writes {@code bytes} to {@code target}. */
  public static Path write(FileSystem fs, Path target, byte[] bytes) throws IOException {
    return write(fs, target, out -> out.write(bytes));
  }
}
