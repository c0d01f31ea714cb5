package io.sparkrcnn.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrcnn.conversion.report.ConversionReport;
import io.sparkrcnn.jobs.testing.SparkSubmitProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fat jar under spark-submit, as a cluster runs it: Spark's {@code SparkSubmit} with only Spark
 * and Hadoop on the classpath, everything else (picocli, TFRecord I/O, relocated protobuf, the
 * TwelveMonkeys decoders, DL4J and its Spark training, ND4J with its natives) from the jar.
 */
@Tag("slow")
class FatJarSparkSubmitIT {
  @TempDir Path tmp;

  private int sparkSubmit(Path log, String... args) throws Exception {
    return SparkSubmitProcess.run(log, 5, Map.of(),
        List.of("--master", "local[2]", "--conf", "spark.ui.enabled=false"), args);
  }

  @Test
  void synthAndConvertRunFromTheFatJarUnderSparkSubmit() throws Exception {
    Path data = tmp.resolve("pets");
    Path out = tmp.resolve("records");
    int synth = sparkSubmit(tmp.resolve("synth.log"), "synth", "--output_dir", data.toString(),
        "--images_per_class", "2", "--num_classes", "6", "--image_size", "96x72");
    assertEquals(0, synth, Files.readString(tmp.resolve("synth.log")));
    // A CMYK JPEG needs the TwelveMonkeys decoder packed into the jar (the JDK's cannot read it).
    Files.write(data.resolve("images/Abyssinian_1.jpg"), io.sparkrcnn.conversion.testing.TestImages.cmykJpeg(96, 72));
    int convert = sparkSubmit(tmp.resolve("convert.log"), "convert", "--data_dir", data.toString(),
        "--output_dir", out.toString(), "--num_shards", "2", "--compression", "gzip");
    assertEquals(0, convert, Files.readString(tmp.resolve("convert.log")));
    ConversionReport report = ConversionReport.fromJson(Files.readString(out.resolve("conversion_report.json")));
    assertEquals(6, report.recordsWritten());
    assertEquals(1, report.reencodedImages(), "the CMYK JPEG was re-encoded by the decoder inside the fat jar");
    assertEquals(0, report.skippedCount());

    Path config = tmp.resolve("tiny.config");
    Files.writeString(config, Files.readString(Path.of("..", "cluster-configs", "pipelines", "tiny_pets.config"))
        .replace("PATH_TO_BE_CONFIGURED", out.toString()).replace("?????-of-00010", "*")
        .replace("  batch_size: 4\n", "  batch_size: 2\n")); // 4 train records for 2 workers
    Path trainDir = tmp.resolve("train");
    int train = sparkSubmit(tmp.resolve("train.log"), "train", "--pipeline_config_path", config.toString(),
        "--train_dir", trainDir.toString(), "--num_workers", "2", "--num_train_steps", "2",
        "--averaging_frequency", "1");
    assertEquals(0, train, Files.readString(tmp.resolve("train.log")));
    assertTrue(Files.exists(trainDir.resolve("model.ckpt-2")), "Spark training from the fat jar checkpointed");

    int bad = sparkSubmit(tmp.resolve("bad.log"), "convert", "--data_dir", tmp.resolve("missing").toString(),
        "--output_dir", tmp.resolve("o2").toString());
    assertEquals(2, bad);
    assertTrue(Files.readString(tmp.resolve("bad.log")).contains("--data_dir"), "one clear error line");
  }
}
