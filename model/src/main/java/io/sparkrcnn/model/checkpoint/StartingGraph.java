package io.sparkrcnn.model.checkpoint;

import io.sparkrcnn.model.trainable.FrozenParameters;
import io.sparkrcnn.model.trainable.ParameterScopes;

import io.sparkrcnn.model.config.ModelSettings;
import io.sparkrcnn.model.config.PipelineConfigException;
import io.sparkrcnn.model.config.PipelineSettings;
import io.sparkrcnn.model.config.TrainSettings;
import io.sparkrcnn.model.detector.FasterRcnnGraph;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * The graph a training starts from, for every trainer: the newest checkpoint in the train dir that loads when there
 * is one ({@link Checkpoints#loadLatest}: a damaged or missing latest falls back to an earlier one, saying so; it
 * must be of this config's model and freeze the same parameters); else a fresh graph, with
 * {@code freeze_variables} and {@code update_trainable_variables} (and the trainable scopes of a flag) frozen in its
 * configuration, started from {@code fine_tune_checkpoint} as its type says: {@code detection} restores every
 * parameter array of matching name and shape; {@code classification} restores the feature extractor only, from
 * one of our detection checkpoints or from the DL4J zoo's ResNet-50 ({@link ZooResNet50Weights}). Parameters in
 * the exclude scopes keep their fresh initialisation.
 */
public final class StartingGraph {
  /** The feature extractor a DL4J zoo ResNet-50 can start. */
  static final String ZOO_FEATURE_EXTRACTOR = "faster_rcnn_resnet50";

  private StartingGraph() {}

  /**
   * Resumes or builds, freezes and fine-tunes the graph to train, logging one line on what it did.
   *
   * @param excludeScopes parameters not restored from {@code fine_tune_checkpoint} (slim's
   *     {@code --checkpoint_exclude_scopes}); null for none
   * @param trainableScopes when not empty, only these parameters train (slim's {@code --trainable_scopes}), in
   *     addition to the config's {@code update_trainable_variables}; null for none
   * @throws UnusableCheckpointException for a train dir or fine-tuning source that cannot start this model
   * @throws PipelineConfigException for scopes that match nothing or would split a layer DL4J cannot split
   */
  public static ComputationGraph create(PipelineSettings settings, Checkpoints checkpoints, long seed,
      PrintWriter log, ParameterScopes excludeScopes, ParameterScopes trainableScopes) throws IOException {
    ParameterScopes exclude = excludeScopes == null ? ParameterScopes.NONE : excludeScopes;
    ParameterScopes trainable = trainableScopes == null ? ParameterScopes.NONE : trainableScopes;
    ModelSettings m = settings.model();
    TrainSettings t = settings.train();
    Checkpoints.Loaded resumed = checkpoints.loadLatest();
    if (resumed != null) {
      Path latest = resumed.checkpoint();
      if (resumed.note() != null) {
        log.println("warning: " + resumed.note());
      }
      log.println("resuming from " + latest + " (step " + Checkpoints.stepOf(latest) + ")");
      log.flush();
      ComputationGraph graph = resumed.graph();
      String mismatch = FasterRcnnGraph.mismatch(graph, m);
      if (mismatch == null) {
        mismatch = frozenMismatch(graph.getConfiguration(), frozen(configuration(settings, seed), t, trainable));
      }
      if (mismatch != null) {
        throw new UnusableCheckpointException(latest + " cannot be resumed with this config: " + mismatch
            + "; use another train_dir");
      }
      return graph;
    }
    ComputationGraphConfiguration conf = configuration(settings, seed);
    FrozenParameters.Frozen frozen = frozen(conf, t, trainable);
    ComputationGraph graph = new ComputationGraph(conf);
    graph.init();
    String frozenNote = frozen.layers() == 0 ? ""
        : String.format(Locale.ROOT, "; %d layers frozen (%d parameter arrays)", frozen.layers(),
            frozen.parameters().size());
    if (t.fineTuneCheckpoint().isEmpty()) {
      if (!frozenNote.isEmpty()) {
        log.println("training from scratch" + frozenNote);
        log.flush();
      }
      return graph;
    }
    Path source = new Path(t.fineTuneCheckpoint());
    try {
      exclude.requireEachMatches(graph.paramTable().keySet());
    } catch (IllegalArgumentException e) {
      throw new PipelineConfigException(e.getMessage());
    }
    FineTuning.Restored r;
    String what;
    if (t.fromDetectionCheckpoint()) {
      boolean all = t.loadAllDetectionCheckpointVars();
      r = FineTuning.restore(graph, checkpoints.loadFrom(source),
          all ? exclude : FineTuning.BOX_PREDICTORS.and(exclude));
      what = all ? "detection checkpoint" : "detection checkpoint, feature extractors only:"
          + " load_all_detection_checkpoint_vars is false";
    } else {
      ComputationGraph from = checkpoints.loadFrom(source, "a SparkRCNN model.ckpt-N or a DL4J zoo ResNet-50 model"
          + " zip (resnet50_dl4j_inference.v3.zip)");
      if (from.getConfiguration().getVertices().containsKey(FasterRcnnGraph.BOX_CLASSIFIER)) {
        r = FineTuning.restoreFeatureExtractor(graph, from, exclude);
        what = "classification: the feature extractor of a detection checkpoint";
      } else if (!m.featureExtractor().equals(ZOO_FEATURE_EXTRACTOR)) {
        throw new UnusableCheckpointException("fine_tune_checkpoint " + source + " is not a SparkRCNN model.ckpt-N;"
            + " a classification checkpoint from the DL4J zoo (ResNet-50) can start only feature_extractor type "
            + ZOO_FEATURE_EXTRACTOR + ", the config has " + m.featureExtractor());
      } else {
        r = ZooResNet50Weights.restore(graph, from, exclude, source.toString());
        what = "classification: DL4J zoo ResNet-50";
      }
    }
    if (r.copied() == 0) {
      throw new UnusableCheckpointException("fine_tune_checkpoint " + source + " has no parameter array of the same"
          + " name and shape as this model's" + (exclude.isEmpty() ? "" : " outside the exclude scopes")
          + " (is it for another feature extractor?)");
    }
    log.printf(Locale.ROOT, "fine-tuning from %s: %d parameter arrays restored, %d initialised afresh, %d excluded"
        + " (%s)%s%n", source, r.copied(), r.fresh(), r.excluded(), what, frozenNote);
    log.flush();
    return graph;
  }

  private static ComputationGraphConfiguration configuration(PipelineSettings s, long seed) {
    return FasterRcnnGraph.configuration(s.model(), s.train(), seed);
  }

  /** Freezes the config's and the flag's scopes in {@code conf}; scope errors become config errors. */
  private static FrozenParameters.Frozen frozen(ComputationGraphConfiguration conf, TrainSettings t,
      ParameterScopes trainableFlag) {
    try {
      ParameterScopes trainable = ParameterScopes.of("train_config.update_trainable_variables",
          t.updateTrainableVariables()).and(trainableFlag);
      ParameterScopes frozen = ParameterScopes.of("train_config.freeze_variables", t.freezeVariables());
      return FrozenParameters.apply(conf, trainable, frozen);
    } catch (PipelineConfigException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new PipelineConfigException(e.getMessage());
    }
  }

  /** Why a checkpoint's frozen parameters differ from what the config and flags freeze, or null. */
  private static String frozenMismatch(ComputationGraphConfiguration checkpoint, FrozenParameters.Frozen wanted) {
    TreeSet<String> had = new TreeSet<>(FrozenParameters.in(checkpoint).parameters());
    TreeSet<String> want = new TreeSet<>(wanted.parameters());
    if (had.equals(want)) {
      return null;
    }
    List<String> onlyHad = new ArrayList<>(had);
    onlyHad.removeAll(want);
    List<String> onlyWant = new ArrayList<>(want);
    onlyWant.removeAll(had);
    return "it freezes " + had.size() + " parameter arrays and the config and flags " + want.size()
        + example("only the checkpoint", onlyHad) + example("only the config", onlyWant);
  }

  private static String example(String what, List<String> names) {
    return names.isEmpty() ? "" : " (" + what + ": " + names.get(0) + (names.size() > 1 ? ", …" : "") + ")";
  }
}
