package io.sparkrcnn.jobs.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A Spark standalone cluster of separate JVMs (a Master, Workers, the executors they launch) on 127.0.0.1, started
 * and stopped by {@code submit-scripts/standalone-cluster.sh} in a state folder of the test's.
 */
final class StandaloneCluster implements AutoCloseable {
  private static final Path SCRIPT = Path.of("..", "submit-scripts", "standalone-cluster.sh");
  private static final Pattern DAEMON = Pattern.compile("Started daemon with process name: (\\d+)@");

  final Path dir;
  final String masterUrl;
  private final int webUiPort;

  private StandaloneCluster(Path dir, String masterUrl, int webUiPort) {
    this.dir = dir;
    this.masterUrl = masterUrl;
    this.webUiPort = webUiPort;
  }

  /** Starts {@code workers} Workers of 1 core and {@code memory} each, on free ports; they are registered. */
  static StandaloneCluster start(Path dir, int workers, String memory) throws Exception {
    int port = freePort();
    int webUi = freePort();
    Path out = Files.createDirectories(dir.getParent()).resolve(dir.getFileName() + "-start.log");
    int exit = script(out, "start", "--workers", String.valueOf(workers), "--cores", "1", "--memory", memory,
        "--port", String.valueOf(port), "--webui-port", String.valueOf(webUi), "--dir", dir.toString());
    List<String> lines = Files.readAllLines(out);
    assertEquals(0, exit, String.join("\n", lines));
    StandaloneCluster cluster = new StandaloneCluster(dir, "spark://127.0.0.1:" + port, webUi);
    assertEquals(cluster.masterUrl, lines.get(lines.size() - 1), "start prints the master URL last");
    return cluster;
  }

  /** Runs the script with {@code args}, stdout and stderr into {@code out}; returns its exit status. */
  static int script(Path out, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    if (!p.waitFor(3, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("standalone-cluster.sh " + args[0] + " still running after 3 min");
    }
    return p.exitValue();
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** The Master's state (its web UI's /json). */
  JsonNode master() throws IOException {
    return new ObjectMapper().readTree(URI.create("http://127.0.0.1:" + webUiPort + "/json/").toURL());
  }

  /** The id of the newest application named {@code name} the Master knows (running or completed), or null. */
  String newestApp(String name) throws IOException {
    JsonNode m = master();
    List<JsonNode> apps = new ArrayList<>();
    m.get("activeapps").forEach(apps::add);
    m.get("completedapps").forEach(apps::add);
    return apps.stream().filter(app -> name.equals(app.get("name").asText()))
        .max(Comparator.comparingLong(app -> app.get("starttime").asLong()))
        .map(app -> app.get("id").asText()).orElse(null);
  }

  /**
   * The executors of application {@code appId}, as their work folders hold them: "worker-i/executor-id" to the
   * executor JVM's pid (each executor logs it when it starts).
   */
  Map<String, Long> executorPids(String appId) throws IOException {
    Map<String, Long> pids = new TreeMap<>();
    try (Stream<Path> workers = Files.list(dir)) {
      for (Path worker : workers.filter(p -> p.getFileName().toString().matches("worker-\\d+")).toList()) {
        Path app = worker.resolve("work").resolve(appId);
        if (!Files.isDirectory(app)) {
          continue;
        }
        try (Stream<Path> executors = Files.list(app)) {
          for (Path executor : executors.filter(Files::isDirectory).toList()) {
            Matcher m = DAEMON.matcher(Files.readString(executor.resolve("stderr")));
            if (m.find()) {
              pids.put(worker.getFileName() + "/" + executor.getFileName(), Long.parseLong(m.group(1)));
            }
          }
        }
      }
    }
    return pids;
  }

  /** The stderr of executor "worker-i/executor-id" of {@code appId}. */
  String executorLog(String appId, String executor) throws IOException {
    String[] parts = executor.split("/");
    return Files.readString(dir.resolve(parts[0]).resolve("work").resolve(appId).resolve(parts[1]).resolve("stderr"));
  }

  /** Kills Worker {@code i} and the executors it launched (its process group) with SIGKILL, as a lost node. */
  void killWorker(int i) throws Exception {
    long pid = Long.parseLong(Files.readString(dir.resolve("worker-" + i + ".pid")).trim());
    Process kill = new ProcessBuilder("kill", "-KILL", "--", "-" + pid).inheritIO().start();
    assertEquals(0, kill.waitFor(), "kill -KILL -- -" + pid);
  }

  /** Stops the cluster; fails when one of its processes (Master, Workers, executors, drivers) is left. */
  @Override
  public void close() throws Exception {
    int exit = script(dir.getParent().resolve(dir.getFileName() + "-stop.log"), "stop", "--dir", dir.toString());
    assertEquals(0, exit, "standalone-cluster.sh stop");
    List<String> left = ProcessHandle.allProcesses().map(p -> p.info().commandLine().orElse(""))
        .filter(line -> line.contains(dir.toString())).toList();
    assertEquals(List.of(), left, "stop left processes of the cluster");
  }
}
