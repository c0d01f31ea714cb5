package io.sparkrcnn.jobs.yarn;

import io.sparkrcnn.jobs.testing.SparkSubmitProcess;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;

/**
 * A MiniDFSCluster (one DataNode) and a MiniYARNCluster (a ResourceManager and two NodeManagers, 4 GiB each) in
 * this JVM, with the client side a user has: a {@code HADOOP_CONF_DIR} (core-site.xml, yarn-site.xml,
 * hdfs-site.xml naming them) and a folder of Spark's and Hadoop's jars for {@code spark.yarn.jars}. The containers
 * the NodeManagers start (ApplicationMasters, executors) are separate JVMs; {@link #close} stops the clusters and
 * kills any container JVM left. MiniYARNCluster binds its servers to this machine's host name (loopback here).
 */
final class MiniYarnOnHdfs implements AutoCloseable {
  /** NodeManagers: one executor container each besides the ApplicationMaster. */
  static final int NODE_MANAGERS = 2;

  final Path dir;
  final Path confDir;
  final Path sparkJars;
  final MiniDFSCluster dfs;
  final MiniYARNCluster yarn;
  final FileSystem hdfs;
  final YarnClient client;

  private MiniYarnOnHdfs(Path dir, MiniDFSCluster dfs, MiniYARNCluster yarn) throws IOException {
    this.dir = dir;
    this.dfs = dfs;
    this.yarn = yarn;
    this.hdfs = dfs.getFileSystem();
    this.confDir = Files.createDirectories(dir.resolve("hadoop-conf"));
    this.sparkJars = Files.createDirectories(dir.resolve("spark-jars"));
    writeClientConf();
    linkSparkJars();
    this.client = YarnClient.createYarnClient();
    client.init(new YarnConfiguration(yarn.getConfig()));
    client.start();
  }

  /** Starts both clusters with their work files under {@code dir}. */
  static MiniYarnOnHdfs start(Path dir, String name) throws Exception {
    Configuration dfsConf = new Configuration();
    dfsConf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.resolve("dfs").toString());
    MiniDFSCluster dfs = new MiniDFSCluster.Builder(dfsConf).numDataNodes(1).build();
    dfs.waitActive();
    MiniYARNCluster yarn = new MiniYARNCluster(name, 1, NODE_MANAGERS, 1, 1);
    try {
      yarn.init(yarnConf(dfs.getFileSystem().getUri().toString()));
      yarn.start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      // start() can return before the ResourceManager has written its bound port into the configuration
      while (yarn.getConfig().get(YarnConfiguration.RM_ADDRESS).endsWith(":0")
          || !yarn.waitForNodeManagersToConnect(1000)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("MiniYARNCluster did not come up in 30 s");
        }
        Thread.sleep(100);
      }
      return new MiniYarnOnHdfs(dir, dfs, yarn);
    } catch (Exception | Error e) {
      yarn.stop();
      dfs.shutdown();
      throw e;
    }
  }

  private static YarnConfiguration yarnConf(String defaultFs) {
    YarnConfiguration conf = new YarnConfiguration();
    conf.set("fs.defaultFS", defaultFs);
    // containers of 256 MiB steps: an ApplicationMaster and two executors of ~1 GiB fit on the two NodeManagers
    conf.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 256);
    conf.setInt(YarnConfiguration.YARN_MINICLUSTER_NM_PMEM_MB, 4096);
    conf.set("yarn.nodemanager.disk-health-checker.max-disk-utilization-per-disk-percentage", "100.0");
    // hadoop-client-minicluster carries no capacity-scheduler.xml: one queue taking everything
    conf.set("yarn.scheduler.capacity.root.queues", "default");
    conf.setInt("yarn.scheduler.capacity.root.default.capacity", 100);
    conf.setInt("yarn.scheduler.capacity.root.default.maximum-capacity", 100);
    conf.setFloat("yarn.scheduler.capacity.root.default.user-limit-factor", 1);
    conf.set("yarn.scheduler.capacity.root.default.state", "RUNNING");
    conf.set("yarn.scheduler.capacity.root.default.acl_submit_applications", "*");
    conf.setFloat("yarn.scheduler.capacity.maximum-am-resource-percent", 0.5f);
    conf.setInt("yarn.scheduler.capacity.node-locality-delay", -1);
    return conf;
  }

  /** The files a cluster's client machine has in {@code HADOOP_CONF_DIR}: where HDFS and the ResourceManager are. */
  private void writeClientConf() throws IOException {
    Configuration core = new Configuration(false);
    core.set("fs.defaultFS", hdfs.getUri().toString());
    write(core, "core-site.xml");
    Configuration site = new Configuration(false);
    for (String key : List.of(YarnConfiguration.RM_ADDRESS, YarnConfiguration.RM_SCHEDULER_ADDRESS,
        YarnConfiguration.RM_RESOURCE_TRACKER_ADDRESS, YarnConfiguration.RM_ADMIN_ADDRESS,
        YarnConfiguration.RM_WEBAPP_ADDRESS)) {
      site.set(key, yarn.getConfig().get(key));
    }
    write(site, "yarn-site.xml");
    Configuration hdfsSite = new Configuration(false);
    hdfsSite.setInt("dfs.replication", 1);
    write(hdfsSite, "hdfs-site.xml");
  }

  private void write(Configuration conf, String name) throws IOException {
    try (OutputStream out = Files.newOutputStream(confDir.resolve(name))) {
      conf.writeXml(out);
    }
  }

  /** Spark's and Hadoop's jars (not ours: the fat jar carries those) in one folder, as a Spark install's jars/. */
  private void linkSparkJars() throws IOException {
    for (String jar : SparkSubmitProcess.sparkClasspath().split(File.pathSeparator)) {
      Path source = Path.of(jar);
      Path link = sparkJars.resolve(source.getFileName());
      if (!Files.exists(link) && Files.isRegularFile(source)) {
        Files.createSymbolicLink(link, source);
      }
    }
  }

  /** Whether {@code path} (a full {@code hdfs://} URI) exists. */
  boolean exists(String path) throws IOException {
    return hdfs.exists(new org.apache.hadoop.fs.Path(path));
  }

  /** The text of the HDFS file {@code path}. */
  String read(String path) throws IOException {
    try (InputStream in = hdfs.open(new org.apache.hadoop.fs.Path(path))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Writes {@code text} into the HDFS file {@code path}; returns {@code path}. */
  String write(String path, String text) throws IOException {
    try (OutputStream out = hdfs.create(new org.apache.hadoop.fs.Path(path))) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return path;
  }

  /** The executor JVMs of application {@code appId} that run (each in its own container). */
  List<ProcessHandle> executorJvms(String appId) {
    return containerJvms().stream().filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false)
        && p.info().commandLine().map(c -> c.contains(appId)
            && c.contains("org.apache.spark.executor.YarnCoarseGrainedExecutorBackend")).orElse(false)).toList();
  }

  /**
   * The processes the NodeManagers started for containers that still run: their command lines name this cluster's
   * work folder and java (the JVMs and the shells that launched them).
   */
  List<ProcessHandle> containerJvms() {
    String work = yarn.getTestWorkDir().getAbsolutePath();
    try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
      return all.filter(p -> p.info().commandLine().map(c -> c.contains(work) && c.contains("java")).orElse(false))
          .toList();
    }
  }

  /** The container logs ({@code stdout}, {@code stderr}) of an application's containers, in the NodeManagers' dirs. */
  List<Path> containerLogs(String appId, String file) throws IOException {
    List<Path> logs = new ArrayList<>();
    try (Stream<Path> files = Files.walk(yarn.getTestWorkDir().toPath())) {
      files.filter(p -> p.getFileName().toString().equals(file) && p.getParent().getParent() != null
          && p.getParent().getParent().getFileName().toString().equals(appId)).sorted().forEach(logs::add);
    }
    return logs;
  }

  /** Where the submissions' logs go: next to the NodeManagers' container logs, kept after the run. */
  Path logs() throws IOException {
    return Files.createDirectories(yarn.getTestWorkDir().toPath().resolve("spark-submit"));
  }

  /**
   * Stops both clusters, kills any container JVM left and deletes the NodeManagers' local dirs (the jars they
   * localized); their log dirs stay for a look after a failure.
   */
  @Override
  public void close() throws IOException, InterruptedException {
    try {
      client.stop();
      // each NodeManager waits 10 s for its pending log deletions on stop: stop them side by side
      List<Thread> stops = new ArrayList<>();
      for (int i = 0; i < NODE_MANAGERS; i++) {
        stops.add(new Thread(yarn.getNodeManager(i)::stop));
        stops.get(i).start();
      }
      for (Thread t : stops) {
        t.join();
      }
      yarn.stop();
    } finally {
      dfs.shutdown();
      for (ProcessHandle p : containerJvms()) {
        p.destroyForcibly();
      }
    }
    try (Stream<Path> dirs = Files.list(yarn.getTestWorkDir().toPath())) {
      for (Path local : dirs.filter(d -> d.getFileName().toString().contains("-localDir-nm-")).toList()) {
        try (Stream<Path> files = Files.walk(local)) {
          for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
            Files.delete(f);
          }
        }
      }
    }
  }
}
