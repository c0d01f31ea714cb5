package io.sparkrcnn.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Our averaging rounds against DL4J's ParameterAveragingTrainingMaster (saveUpdater, Direct) on the same start and
 * the same per-worker batches, two workers in local mode: the same parameters, updater state and score, round after
 * round, while the executor's graphs are built once and reused.
 */
class AveragingRoundsTest {
  private static final int BATCH = 4;
  private static final int STEPS = 3;
  static JavaSparkContext sc;

  @BeforeAll
  static void spark() {
    sc = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("AveragingRoundsTest")
        .set("spark.ui.enabled", "false"));
  }

  @AfterAll
  static void stop() {
    sc.close();
  }

  private static ComputationGraph graph(int hidden, long seed) {
    ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(seed)
        .updater(new Nesterovs(0.05, 0.9)).dataType(DataType.FLOAT).graphBuilder().addInputs("in")
        .addLayer("dense", new DenseLayer.Builder().nIn(3).nOut(hidden).activation(Activation.TANH).build(), "in")
        .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(hidden).nOut(2)
            .activation(Activation.SOFTMAX).build(), "dense")
        .setOutputs("out").build());
    g.init();
    return g;
  }

  /** Two workers' batches: partition p holds STEPS batches of BATCH examples, different for every p and seed. */
  private static JavaRDD<MultiDataSet> batches(long seed) {
    Nd4j.getRandom().setSeed(seed);
    List<MultiDataSet> all = new ArrayList<>();
    for (int i = 0; i < 2 * STEPS; i++) {
      INDArray x = Nd4j.rand(DataType.FLOAT, BATCH, 3).subi(0.5);
      INDArray y = Nd4j.zeros(DataType.FLOAT, BATCH, 2);
      for (int r = 0; r < BATCH; r++) {
        y.putScalar(r, x.getDouble(r, 0) + x.getDouble(r, 1) > 0 ? 1 : 0, 1.0);
      }
      all.add(new org.nd4j.linalg.dataset.MultiDataSet(x, y));
    }
    return sc.parallelize(all, 2).persist(StorageLevel.MEMORY_ONLY());
  }

  /** DL4J's own averaging, as SparkTrainer ran it before: one round of STEPS steps per worker. */
  private static double dl4jRound(ComputationGraph graph, JavaRDD<MultiDataSet> data) {
    ParameterAveragingTrainingMaster master = new ParameterAveragingTrainingMaster.Builder(2, BATCH)
        .batchSizePerWorker(BATCH).averagingFrequency(STEPS).workerPrefetchNumBatches(0).saveUpdater(true)
        .repartionData(Repartition.Never).rddTrainingApproach(RDDTrainingApproach.Direct)
        .storageLevel(StorageLevel.MEMORY_ONLY()).build();
    SparkComputationGraph spark = new SparkComputationGraph(sc, graph, master);
    spark.fitMultiDataSet(data);
    return spark.getScore();
  }

  private static ComputationGraph copy(ComputationGraph g) {
    ComputationGraph c = g.clone();
    assertEquals(g.params(), c.params());
    assertEquals(g.getUpdater().getStateViewArray(), c.getUpdater().getStateViewArray());
    return c;
  }

  private static void assertSameState(ComputationGraph expected, ComputationGraph actual, String what) {
    INDArray p = expected.params();
    INDArray s = expected.getUpdater().getStateViewArray();
    assertTrue(p.equalsWithEps(actual.params(), 1e-6), what + ": parameters");
    assertTrue(s.equalsWithEps(actual.getUpdater().getStateViewArray(), 1e-6), what + ": updater state");
    assertTrue(s.amaxNumber().doubleValue() > 0, what + ": momentum moved");
  }

  /** Records the iteration count each worker's graph fits at. */
  static final class Steps implements MultiDataSetHook {
    static final Set<Integer> seen = ConcurrentHashMap.newKeySet();

    @Override
    public void preUpdate(MultiDataSet minibatch, Model model) {
      seen.add(((ComputationGraph) model).getIterationCount());
    }
  }

  @Test
  void roundsAverageAsDl4jDoesWithGraphsBuiltOnceAndNeverStale() {
    ComputationGraph ours = graph(5, 11);
    ComputationGraph theirs = copy(ours);
    int builtBefore = WorkerGraphs.built();
    long handedBefore = DriverJvmResults.handedOver();
    Steps.seen.clear();
    try (AveragingRounds rounds = new AveragingRounds(sc, ours, List.of(new Steps()), BATCH, 0)) {
      for (int round = 0; round < 3; round++) {
        JavaRDD<MultiDataSet> data = batches(100 + round);
        double expected = dl4jRound(theirs, data);
        double score = rounds.fit(data);
        assertSameState(theirs, ours, "round " + round);
        assertEquals(expected, score, 1e-6, "round " + round + ": mean score");
        data.unpersist();
      }
    }
    assertEquals(3 * 2, DriverJvmResults.handedOver() - handedBefore,
        "local mode: each worker's result reaches the driver by reference, not as bytes");
    int built = WorkerGraphs.built() - builtBefore;
    assertTrue(built >= 1 && built <= 2, "one graph per concurrent task, built in the first round only: " + built);
    assertEquals(Set.of(0, 1, 2), Steps.seen, "each round starts at the driver's iteration count");

    // a different graph of the same configuration (a restored checkpoint, a new run): its parameters, not the pool's
    ComputationGraph restored = graph(5, 11);
    Nd4j.getRandom().setSeed(12);
    restored.params().assign(Nd4j.rand(DataType.FLOAT, restored.params().shape()).subi(0.5));
    restored.getUpdater().getStateViewArray().assign(0.01);
    restored.getConfiguration().setIterationCount(40);
    ComputationGraph restoredDl4j = copy(restored);
    Steps.seen.clear();
    try (AveragingRounds rounds = new AveragingRounds(sc, restored, List.of(new Steps()), BATCH, 0)) {
      JavaRDD<MultiDataSet> data = batches(200);
      dl4jRound(restoredDl4j, data);
      rounds.fit(data);
      assertSameState(restoredDl4j, restored, "restored graph");
    }
    assertEquals(built, WorkerGraphs.built() - builtBefore, "same configuration: pooled graphs reused");
    assertEquals(Set.of(40, 41, 42), Steps.seen);

    // another configuration in the same JVM, then the first again: each gets graphs of its own shape
    for (ComputationGraph g : List.of(graph(7, 13), graph(5, 14))) {
      ComputationGraph dl4j = copy(g);
      try (AveragingRounds rounds = new AveragingRounds(sc, g, List.of(), BATCH, 2)) {
        JavaRDD<MultiDataSet> data = batches(300);
        dl4jRound(dl4j, data);
        rounds.fit(data);
        assertSameState(dl4j, g, g.numParams() + " parameters");
      }
    }
  }
}
