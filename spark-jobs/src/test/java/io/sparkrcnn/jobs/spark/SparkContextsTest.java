package io.sparkrcnn.jobs.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;

/** Local mode gives each training worker its share of the cores, unless the user chose spark.task.cpus. */
class SparkContextsTest {
  @Test
  void localMastersCountTheirCores() {
    assertEquals(1, SparkContexts.localCores("local"));
    assertEquals(3, SparkContexts.localCores("local[3]"));
    assertEquals(4, SparkContexts.localCores("local[4,2]"));
    assertEquals(Runtime.getRuntime().availableProcessors(), SparkContexts.localCores("local[*]"));
    assertEquals(0, SparkContexts.localCores("local-cluster[2,1,1024]"));
    assertEquals(0, SparkContexts.localCores("yarn"));
  }

  @Test
  void eachWorkerGetsItsShareOfTheLocalCores() {
    assertEquals("2", share("local[4]", 2).get("spark.task.cpus"));
    assertEquals("1", share("local[4]", 3).get("spark.task.cpus"));
    assertEquals("1", share("local[2]", 5).get("spark.task.cpus"));
    assertFalse(share("local[4]", 0).contains("spark.task.cpus"), "jobs other than train keep Spark's default");
    System.setProperty("spark.task.cpus", "3");
    try {
      assertEquals("3", share("local[4]", 2).get("spark.task.cpus"), "the user's value is kept");
    } finally {
      System.clearProperty("spark.task.cpus");
    }
  }

  private static SparkConf share(String master, int workers) {
    System.setProperty("spark.master", master);
    try {
      return SparkContexts.conf("test", workers);
    } finally {
      System.clearProperty("spark.master");
    }
  }

  @Test
  void sparksLocalModeRunsTasksWithTheirShare() {
    System.setProperty("spark.master", "local[2]");
    try (JavaSparkContext sc = SparkContexts.create("test", 1)) {
      List<Integer> cpus = sc.parallelize(List.of(1, 2), 2).map(i -> TaskContext.get().cpus()).collect();
      assertEquals(List.of(2, 2), cpus);
    } finally {
      System.clearProperty("spark.master");
    }
  }

  @Test
  void onlyYarnsClusterModeNeedsAContextMadeForIt() {
    SparkConf conf = new SparkConf(false).set("spark.master", "yarn");
    assertFalse(SparkContexts.isYarnCluster(conf), "client mode by default");
    assertTrue(SparkContexts.isYarnCluster(conf.set("spark.submit.deployMode", "cluster")));
    assertFalse(SparkContexts.isYarnCluster(conf.set("spark.master", "spark://127.0.0.1:7077")));
    assertFalse(SparkContexts.isYarnCluster(new SparkConf(false).set("spark.submit.deployMode", "cluster")));
  }
}
