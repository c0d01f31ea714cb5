package io.sparkrcnn.jobs.testing;

import java.io.IOException;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

/**
 * The local filesystem under the scheme {@code faulty://}. While {@link #failuresLeft} is positive,
 * a file whose name contains {@link #failOn} fails: at creation, or, with {@link #failAfterBytes}
 * set, after that many bytes have been written (a partial file is left behind, as when an executor
 * dies mid-write).
 */
public class FaultyFileSystem extends RawLocalFileSystem {
  public static volatile String failOn = "never";
  public static final AtomicInteger failuresLeft = new AtomicInteger();
  public static volatile long failAfterBytes = -1;
  /** How many failures were actually thrown. */
  public static final AtomicInteger injected = new AtomicInteger();

  @Override
  public URI getUri() {
    return URI.create("faulty:///");
  }

  @Override
  public String getScheme() {
    return "faulty";
  }

  @Override
  public FSDataOutputStream create(Path f, FsPermission permission, boolean overwrite, int bufferSize,
      short replication, long blockSize, Progressable progress) throws IOException {
    if (f.getName().contains(failOn) && failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw new IOException("injected failure creating " + f);
    }
    return super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress);
  }

  @Override
  public FSDataOutputStream create(Path f, boolean overwrite, int bufferSize, short replication, long blockSize,
      Progressable progress) throws IOException {
    if (f.getName().contains(failOn) && failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      if (failAfterBytes < 0) {
        injected.incrementAndGet();
        throw new IOException("injected failure creating " + f);
      }
      FSDataOutputStream real = super.create(f, overwrite, bufferSize, replication, blockSize, progress);
      return new FSDataOutputStream(new java.io.OutputStream() {
        long written;

        @Override
        public void write(int b) throws IOException {
          write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          if (written + len > failAfterBytes) {
            real.close();
            injected.incrementAndGet();
            throw new IOException("injected failure after " + written + " bytes of " + f);
          }
          real.write(b, off, len);
          written += len;
        }

        @Override
        public void close() throws IOException {
          real.close();
        }
      }, null);
    }
    return super.create(f, overwrite, bufferSize, replication, blockSize, progress);
  }

  /** Registers the scheme in a Hadoop configuration. */
  public static void register(org.apache.hadoop.conf.Configuration conf) {
    conf.set("fs.faulty.impl", FaultyFileSystem.class.getName());
    conf.setBoolean("fs.faulty.impl.disable.cache", true);
  }
}
