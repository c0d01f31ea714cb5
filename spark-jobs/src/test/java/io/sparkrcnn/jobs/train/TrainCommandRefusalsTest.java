package io.sparkrcnn.jobs.train;

import static io.sparkrcnn.jobs.testing.Cli.assertRefusedInOneLine;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrcnn.jobs.testing.Cli;
import io.sparkrcnn.jobs.testing.ShippedConfigs;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code train} refuses before a step is trained, each in one line: missing or empty shards, a device, worker
 * count or serializer it cannot use, a train dir another run holds, a damaged checkpoint.
 */
class TrainCommandRefusalsTest {
  @TempDir Path tmp;

  private Path tinyConfigOn(Path records) throws Exception {
    return ShippedConfigs.write("tiny_pets.config", records.toString(),
        tmp.resolve("tiny-" + records.getFileName() + ".config"));
  }

  /** A folder with all ten train shards of the tiny config, each empty. */
  private Path emptyShards() throws Exception {
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    for (int i = 0; i < 10; i++) {
      Files.write(empty.resolve(String.format("pet_faces_train.record-%05d-of-00010", i)), new byte[0]);
    }
    return empty;
  }

  @Test
  void missingOrEmptyShardsAndAnUnusableDeviceAreOneLineBeforeTraining() throws Exception {
    Path none = Files.createDirectories(tmp.resolve("none"));
    Path trainDir = tmp.resolve("never");
    assertRefusedInOneLine(Cli.run("train", "--pipeline_config_path", tinyConfigOn(none).toString(), "--train_dir",
        trainDir.toString(), "--num_workers", "2"), "train_input_reader", "pet_faces_train.record-?????-of-00010",
        "convert");
    Path empty = emptyShards();
    assertRefusedInOneLine(Cli.run("train", "--pipeline_config_path", tinyConfigOn(empty).toString(), "--train_dir",
        trainDir.toString()), "hold no records");
    assertRefusedInOneLine(Cli.run("train", "--pipeline_config_path", tinyConfigOn(empty).toString(), "--train_dir",
        trainDir.toString(), "--device", "gpu"), "--device gpu", "CPU", "-Pcuda");
    assertRefusedInOneLine(Cli.run("train", "--pipeline_config_path", tinyConfigOn(empty).toString(), "--train_dir",
        trainDir.toString(), "--num_workers", "0"), "--num_workers");
    System.setProperty("spark.serializer", "org.apache.spark.serializer.KryoSerializer");
    try {
      assertRefusedInOneLine(Cli.run("train", "--pipeline_config_path", tinyConfigOn(empty).toString(),
          "--train_dir", trainDir.toString()), "spark.serializer", "JavaSerializer");
    } finally {
      System.clearProperty("spark.serializer");
    }
    assertTrue(!Files.exists(trainDir.resolve("pipeline.config")), "nothing written");
  }

  @Test
  void aLockedTrainDirIsRefusedAndADamagedCheckpointIsOneLineAfterLeftoversAreRemoved() throws Exception {
    Path trainDir = Files.createDirectories(tmp.resolve("locked"));
    Path lock = trainDir.resolve("train.lock");
    Files.writeString(lock, "host: " + java.net.InetAddress.getLocalHost().getHostName() + "\npid: "
        + ProcessHandle.current().pid() + "\nstarted: 2026-01-01T00:00:00Z\ntoken: other\n");
    String[] train = {"train", "--pipeline_config_path", tinyConfigOn(emptyShards()).toString(), "--train_dir",
        trainDir.toString()};
    assertRefusedInOneLine(Cli.run(train), "train.lock", "is held by another train",
        "pid " + ProcessHandle.current().pid());
    assertTrue(Files.exists(lock), "another run's lock is not removed");

    Files.delete(lock);
    String leftover = ".model.ckpt-3.0f0e1d2c-3b4a-5968-7766-554433221100.tmp";
    Files.writeString(trainDir.resolve(leftover), "half a checkpoint");
    Files.writeString(trainDir.resolve("model.ckpt-3"), "garbage");
    Cli.Run damaged = Cli.run(train);
    assertRefusedInOneLine(damaged, "model.ckpt-3 is cut short or damaged", "no 'checkpoint' index");
    assertTrue(damaged.out().contains("files left by an interrupted run: removed " + leftover), damaged.out());
    assertTrue(!Files.exists(trainDir.resolve(leftover)), "removed");
    assertTrue(!Files.exists(lock), "released on failure");
  }
}
