package io.sparkrcnn.model.trainable;

import io.sparkrcnn.model.layers.HandWrittenLayer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * Freezes parameters in a graph configuration before the graph is built, as the reference's
 * {@code update_trainable_variables} (slim's {@code --trainable_scopes}: when given, only parameters in these
 * scopes train) and {@code freeze_variables} (parameters in these scopes do not train). A frozen parameter's updater
 * becomes {@code Sgd(0)}, an update of exactly zero (DL4J's {@code NoOp} updater would apply the raw gradient), and
 * its regularization is dropped; gradients still flow through it to earlier layers. The updaters are part of the
 * configuration, so checkpoints keep the parameters frozen.
 *
 * <p>DL4J's layers choose an updater per weights and per biases only: a scope may freeze a whole layer, or all its
 * weights, or all its biases; our hand-written layers ({@link HandWrittenLayer}) freeze any subset. Batch norm's
 * moving mean and variance are not trainable parameters (DL4J moves them with a {@code NoOp} updater): frozen or
 * not, DL4J's {@code BatchNormalization} keeps updating them in training and our {@code FrozenBatchNorm} never
 * does, as {@code batch_norm_trainable} chose.
 */
public final class FrozenParameters {
  private FrozenParameters() {}

  /** What was frozen: parameter names, and how many layers have at least one. */
  public record Frozen(List<String> parameters, int layers) {
    public static final Frozen NONE = new Frozen(List.of(), 0);

    public Frozen {
      parameters = List.copyOf(parameters);
    }
  }

  /** A trainable parameter of a layer: its full name and key. */
  record Param(String name, String key) {}

  /**
   * Freezes, in {@code conf}, every trainable parameter outside {@code trainable} (when that is not empty) or inside
   * {@code frozen}.
   *
   * @throws IllegalArgumentException when a regex matches no parameter, or when the scopes would freeze part of a
   *     DL4J layer's parameters that it cannot freeze alone (one line naming the layer and how to fix it)
   */
  public static Frozen apply(ComputationGraphConfiguration conf, ParameterScopes trainable, ParameterScopes frozen) {
    Map<String, List<Param>> layers = trainableParameters(conf);
    List<String> all = layers.values().stream().flatMap(List::stream).map(Param::name).toList();
    List<String> allNames = new ArrayList<>(all);
    allNames.addAll(statistics(conf));
    trainable.requireEachMatches(allNames);
    frozen.requireEachMatches(allNames);
    List<String> names = new ArrayList<>();
    int count = 0;
    for (Map.Entry<String, List<Param>> e : layers.entrySet()) {
      List<Param> params = e.getValue();
      List<Param> freeze = params.stream()
          .filter(p -> (!trainable.isEmpty() && !trainable.contains(p.name())) || frozen.contains(p.name()))
          .toList();
      if (freeze.isEmpty()) {
        continue;
      }
      Layer layer = layer(conf, e.getKey());
      if (layer instanceof HandWrittenLayer h) {
        h.freezeParams(freeze.stream().map(Param::key).toList());
      } else if (layer instanceof BaseLayer b) {
        Dl4jLayerFreezing.freeze(b, params, freeze, trainable, frozen);
      } else {
        throw new IllegalArgumentException(Dl4jLayerFreezing.partial(e.getKey(), params, freeze, trainable, frozen)
            + "; a " + layer.getClass().getSimpleName() + " cannot be frozen");
      }
      freeze.forEach(p -> names.add(p.name()));
      count++;
    }
    return new Frozen(names, count);
  }

  /** The parameters frozen in a configuration (as {@link #apply} left it, or as a checkpoint stored it). */
  public static Frozen in(ComputationGraphConfiguration conf) {
    List<String> names = new ArrayList<>();
    int count = 0;
    for (Map.Entry<String, List<Param>> e : parametersByLayer(conf, true).entrySet()) {
      Layer layer = layer(conf, e.getKey());
      List<String> frozen = e.getValue().stream().filter(p -> isFrozen(layer.getUpdaterByParam(p.key())))
          .map(Param::name).toList();
      names.addAll(frozen);
      count += frozen.isEmpty() ? 0 : 1;
    }
    return new Frozen(names, count);
  }

  /** Whether an updater is the one {@link #apply} gives frozen parameters. */
  static boolean isFrozen(IUpdater u) {
    return u instanceof Sgd s && s.getLearningRate() == 0 && s.getLearningRateSchedule() == null;
  }

  private static Layer layer(ComputationGraphConfiguration conf, String name) {
    return ((LayerVertex) conf.getVertices().get(name)).getLayerConf().getLayer();
  }

  /** Each layer's trainable parameters (not batch norm statistics), in graph order. */
  private static Map<String, List<Param>> trainableParameters(ComputationGraphConfiguration conf) {
    return parametersByLayer(conf, true);
  }

  /** Names of the parameters DL4J moves with a NoOp updater (batch norm statistics). */
  private static List<String> statistics(ComputationGraphConfiguration conf) {
    Map<String, List<Param>> all = parametersByLayer(conf, false);
    Map<String, List<Param>> trainable = parametersByLayer(conf, true);
    List<String> names = new ArrayList<>();
    all.forEach((layer, params) -> params.stream().filter(p -> !trainable.get(layer).contains(p))
        .forEach(p -> names.add(p.name())));
    return names;
  }

  private static Map<String, List<Param>> parametersByLayer(ComputationGraphConfiguration conf,
      boolean trainableOnly) {
    Map<String, List<Param>> out = new LinkedHashMap<>();
    for (var e : conf.getVertices().entrySet()) {
      if (!(e.getValue() instanceof LayerVertex v) || v.getLayerConf() == null) {
        continue;
      }
      Layer layer = v.getLayerConf().getLayer();
      List<Param> params = new ArrayList<>();
      for (String key : layer.initializer().paramKeys(layer)) {
        if (trainableOnly && layer.getUpdaterByParam(key) instanceof NoOp) {
          continue;
        }
        params.add(new Param(e.getKey() + "_" + key, key));
      }
      if (!params.isEmpty()) {
        out.put(e.getKey(), params);
      }
    }
    return out;
  }
}
