package io.sparkrcnn.jobs.bench;

import io.sparkrcnn.io.fs.FileSystems;
import io.sparkrcnn.conversion.pets.MaskType;
import io.sparkrcnn.conversion.pets.PetsConversionOptions;
import io.sparkrcnn.conversion.pets.PetsLayout;
import io.sparkrcnn.conversion.report.ConversionReport;
import io.sparkrcnn.conversion.synth.SyntheticPets;
import io.sparkrcnn.io.tfrecord.Compression;
import io.sparkrcnn.jobs.convert.ConvertJob;
import io.sparkrcnn.jobs.convert.ConvertOptions;
import io.sparkrcnn.jobs.spark.HadoopConfigurations;
import io.sparkrcnn.jobs.spark.SparkContexts;
import io.sparkrcnn.jobs.synth.SynthCommand;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Converts a synthetic set of realistic size and, in the same run, measures the I/O floor: reading
 * the same image and annotation bytes and writing as many bytes as the shards hold, with as many
 * threads as Spark has cores. Conversion ÷ floor says how much the encoding and checking cost.
 */
@Command(name = "convert", mixinStandardHelpOptions = true,
    description = "Benchmarks the convert job against the I/O floor on the same files.")
public final class ConvertBenchmark implements Callable<Integer> {
  @Option(names = "--work_dir", defaultValue = "bench-work", description = "Scratch folder (default: ${DEFAULT-VALUE}).")
  String workDir;

  @Option(names = "--images", defaultValue = "7390",
      description = "Images to convert; 7390 is the Oxford-IIIT Pet count (default: ${DEFAULT-VALUE}).")
  int images;

  @Option(names = "--image_size", defaultValue = "500x375", description = "WxH (default: ${DEFAULT-VALUE}).")
  String imageSize;

  @Option(names = "--num_shards", defaultValue = "10", description = "Shards per split (default: ${DEFAULT-VALUE}).")
  int numShards;

  @Option(names = "--repeats", defaultValue = "3", description = "Timed runs of each; the best is reported (default: ${DEFAULT-VALUE}).")
  int repeats;

  @Override
  public Integer call() throws Exception {
    int[] wh = SynthCommand.parseSize(imageSize);
    int perClass = (images + 36) / 37;
    Configuration conf = HadoopConfigurations.fromSparkConf();
    Path work = new Path(workDir);
    FileSystem fs = FileSystems.of(work, conf);
    Path data = new Path(work, "pets-" + perClass + "x37-" + imageSize);
    if (!fs.exists(new Path(data, "annotations/trainval.txt"))) {
      fs.delete(data, true);
      System.err.printf("generating %d images in %s%n", perClass * 37, data);
      SyntheticPets.write(fs, data, new SyntheticPets.Spec(perClass, 37, 7, wh[0], wh[1]));
      // Convert every image: list them all in trainval.txt (synth puts half in test.txt).
      byte[] all = PetsLayout.readAll(fs, new Path(data, "annotations/list.txt"));
      String lines = new String(all, StandardCharsets.UTF_8).lines().filter(l -> !l.startsWith("#"))
          .reduce("", (a, b) -> a + b + "\n");
      try (OutputStream o = fs.create(new Path(data, "annotations/trainval.txt"), true)) {
        o.write(lines.getBytes(StandardCharsets.UTF_8));
      }
    }
    List<String> ids = PetsLayout.readExampleIds(fs, new Path(data, "annotations/trainval.txt"));
    PetsLayout layout = new PetsLayout(data.toString());
    long inputBytes = 0;
    for (String id : ids) {
      inputBytes += fs.getFileStatus(layout.image(id + ".jpg")).getLen() + fs.getFileStatus(layout.xml(id)).getLen();
    }

    List<String[]> rows = new ArrayList<>();
    try (JavaSparkContext sc = SparkContexts.create("sparkrcnn-bench-convert")) {
      int threads = sc.defaultParallelism();
      double best = Double.MAX_VALUE;
      long outputBytes = 0;
      double bestFast = Double.MAX_VALUE;
      for (int r = 0; r <= repeats; r++) { // run 0 warms up the JIT and the page cache
        double t = timeConvert(sc, data, new Path(work, "out"), true);
        ConversionReport rep = ConversionReport.fromJson(new String(PetsLayout.readAll(fs,
            new Path(work, "out/" + ConvertJob.REPORT_FILE)), StandardCharsets.UTF_8));
        outputBytes = rep.splits().values().stream().mapToLong(ConversionReport.SplitReport::bytes).sum();
        double fast = timeConvert(sc, data, new Path(work, "out"), false);
        if (r > 0) {
          best = Math.min(best, t);
          bestFast = Math.min(bestFast, fast);
        }
      }
      double floor = Double.MAX_VALUE;
      Path floorDir = new Path(work, "floor-" + java.util.UUID.randomUUID());
      try {
        for (int r = 0; r <= repeats; r++) {
          double t = timeFloor(fs, layout, ids, floorDir, outputBytes, 2 * numShards, threads);
          if (r > 0) {
            floor = Math.min(floor, t);
          }
        }
      } finally {
        fs.delete(floorDir, true);
      }
      double mb = inputBytes / 1e6;
      rows.add(row("I/O floor (read inputs, write as many bytes)", floor, ids.size(), mb, floor));
      rows.add(row("convert (default: JPEG structure check)", bestFast, ids.size(), mb, floor));
      rows.add(row("convert --verify_decode true (full decode)", best, ids.size(), mb, floor));
      System.out.printf(Locale.ROOT, "%d images (%s, %.1f KB/image on average), %d shards per split, %d Spark cores,"
              + " best of %d runs after a warm-up%n%n", ids.size(), imageSize, inputBytes / 1e3 / ids.size(),
          numShards, threads, repeats);
    }
    System.out.println("| run | seconds | images/s | MB/s | ÷ floor |");
    System.out.println("|---|---:|---:|---:|---:|");
    rows.forEach(r -> System.out.println("| " + String.join(" | ", r) + " |"));
    return 0;
  }

  private double timeConvert(JavaSparkContext sc, Path data, Path out, boolean verify) throws IOException {
    ConvertOptions o = new ConvertOptions(data.toString(), out.toString(), null, numShards,
        new PetsConversionOptions(true, MaskType.PNG, verify), Compression.NONE, 0.05, true);
    long t0 = System.nanoTime();
    new ConvertJob(sc).run(o);
    return (System.nanoTime() - t0) / 1e9;
  }

  private static double timeFloor(FileSystem fs, PetsLayout layout, List<String> ids, Path out, long outputBytes,
      int files, int threads) throws Exception {
    fs.delete(out, true);
    fs.mkdirs(out);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      long t0 = System.nanoTime();
      List<Future<Long>> reads = new ArrayList<>();
      int chunk = (ids.size() + threads - 1) / threads;
      for (int t = 0; t < threads; t++) {
        List<String> part = ids.subList(Math.min(ids.size(), t * chunk), Math.min(ids.size(), (t + 1) * chunk));
        reads.add(pool.submit(() -> {
          long n = 0;
          for (String id : part) {
            n += PetsLayout.readAll(fs, layout.xml(id)).length + PetsLayout.readAll(fs, layout.image(id + ".jpg")).length;
          }
          return n;
        }));
      }
      for (Future<Long> f : reads) {
        f.get();
      }
      List<Future<?>> writes = new ArrayList<>();
      byte[] block = new byte[1 << 16];
      for (int i = 0; i < files; i++) {
        Path p = new Path(out, "f" + i);
        long size = outputBytes / files;
        writes.add(pool.submit(() -> {
          try (OutputStream o = fs.create(p, true)) {
            for (long left = size; left > 0; left -= block.length) {
              o.write(block, 0, (int) Math.min(block.length, left));
            }
          }
          return null;
        }));
      }
      for (Future<?> f : writes) {
        f.get();
      }
      return (System.nanoTime() - t0) / 1e9;
    } finally {
      pool.shutdown();
    }
  }

  private static String[] row(String name, double seconds, int images, double mb, double floor) {
    return new String[] {name, String.format(Locale.ROOT, "%.2f", seconds),
        String.format(Locale.ROOT, "%.0f", images / seconds), String.format(Locale.ROOT, "%.1f", mb / seconds),
        String.format(Locale.ROOT, "%.2f", seconds / floor)};
  }
}
