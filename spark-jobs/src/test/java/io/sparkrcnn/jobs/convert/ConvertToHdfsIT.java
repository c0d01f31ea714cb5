package io.sparkrcnn.jobs.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrcnn.conversion.pets.MaskType;
import io.sparkrcnn.conversion.pets.PetsConversionOptions;
import io.sparkrcnn.conversion.report.ConversionReport;
import io.sparkrcnn.conversion.synth.SyntheticPets;
import io.sparkrcnn.io.testing.LocalFs;
import io.sparkrcnn.io.testing.TensorFlowReader;
import io.sparkrcnn.io.tfrecord.Compression;
import io.sparkrcnn.jobs.testing.Shards;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pets folder on HDFS → convert in Spark local[2] → shards on HDFS, read back by TensorFlow. */
@Tag("slow")
class ConvertToHdfsIT {
  @TempDir Path tmp;

  @Test
  void convertsFromAndToAMiniDfsClusterAndTensorFlowReadsTheShards() throws Exception {
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, tmp.resolve("dfs").toString());
    MiniDFSCluster cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    try (JavaSparkContext sc = new JavaSparkContext(new SparkConf().setMaster("local[2]")
        .setAppName("ConvertToHdfsIT").set("spark.ui.enabled", "false"))) {
      cluster.waitActive();
      FileSystem hdfs = cluster.getFileSystem();
      String root = hdfs.getUri().toString();
      SyntheticPets.write(LocalFs.get(), LocalFs.path(tmp.resolve("pets")), new SyntheticPets.Spec(4, 5, 2, 80, 60));
      hdfs.copyFromLocalFile(LocalFs.path(tmp.resolve("pets")), new org.apache.hadoop.fs.Path(root + "/data/pets"));

      ConversionReport report = new ConvertJob(sc).run(new ConvertOptions(root + "/data/pets", root + "/out/pets",
          null, 2, new PetsConversionOptions(true, MaskType.PNG, true), Compression.GZIP, 0.05, false));
      assertEquals(10, report.recordsWritten());
      assertEquals(0, report.skippedCount());

      FileStatus[] written = hdfs.listStatus(new org.apache.hadoop.fs.Path(root + "/out/pets"));
      List<String> names = Arrays.stream(written).map(s -> s.getPath().getName()).sorted().toList();
      assertEquals(List.of("conversion_report.json", "pet_faces_train.record-00000-of-00002",
          "pet_faces_train.record-00001-of-00002", "pet_faces_val.record-00000-of-00002",
          "pet_faces_val.record-00001-of-00002", "pet_label_map.pbtxt"), names);
      assertTrue(Arrays.stream(hdfs.listStatus(new org.apache.hadoop.fs.Path(root + "/out")))
          .allMatch(s -> s.getPath().getName().equals("pets")), "no staging directory left on HDFS");

      Path local = tmp.resolve("copy");
      hdfs.copyToLocalFile(new org.apache.hadoop.fs.Path(root + "/out/pets"), LocalFs.path(local));
      List<TensorFlowReader.Parsed> train = Shards.readAll(local, "pet_faces_train.record", "GZIP");
      List<TensorFlowReader.Parsed> val = Shards.readAll(local, "pet_faces_val.record", "GZIP");
      assertEquals(report.splits().get("train").records(), train.size());
      assertEquals(report.splits().get("val").records(), val.size());
      assertEquals(10, train.size() + val.size());
      for (TensorFlowReader.Parsed p : train) {
        assertEquals(60, p.decodedShape()[0]);
        assertEquals(80, p.decodedShape()[1]);
      }
    } finally {
      cluster.shutdown();
    }
  }
}
