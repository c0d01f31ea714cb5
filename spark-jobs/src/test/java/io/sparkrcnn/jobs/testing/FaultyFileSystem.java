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
 * The local filesystem under the scheme {@code faulty://}, failing the creation of files whose name
 * contains {@link #failOn} while {@link #failuresLeft} is positive: an executor losing its disk mid-job.
 */
public class FaultyFileSystem extends RawLocalFileSystem {
  public static volatile String failOn = "never";
  public static final AtomicInteger failuresLeft = new AtomicInteger();

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
      throw new IOException("injected failure creating " + f);
    }
    return super.create(f, overwrite, bufferSize, replication, blockSize, progress);
  }

  /** Registers the scheme in a Hadoop configuration. */
  public static void register(org.apache.hadoop.conf.Configuration conf) {
    conf.set("fs.faulty.impl", FaultyFileSystem.class.getName());
    conf.setBoolean("fs.faulty.impl.disable.cache", true);
  }
}
