package io.sparkrcnn.conversion.pets;

import io.sparkrcnn.conversion.split.PetsSplit;
import io.sparkrcnn.io.tfrecord.ShardNames;
import java.util.ArrayList;
import java.util.List;

/**
 * Assigns the examples of each split to shards round-robin by position in the split list, as the
 * reference's {@code open_sharded_output_tfrecords} does ({@code idx % num_shards}).
 */
public final class ShardPlan {
  public static final String TRAIN = "train";
  public static final String VAL = "val";

  private ShardPlan() {}

  /** All shards of both splits, train first. Shards may be empty (the reference writes them too). */
  public static List<ShardSpec> of(PetsSplit split, int numShards, PetsConversionOptions options) {
    if (numShards < 1) {
      throw new IllegalArgumentException("--num_shards must be at least 1, got " + numShards);
    }
    List<ShardSpec> specs = new ArrayList<>();
    specs.addAll(forSplit(TRAIN, split.train(), numShards, options));
    specs.addAll(forSplit(VAL, split.val(), numShards, options));
    return specs;
  }

  private static List<ShardSpec> forSplit(String name, List<String> ids, int numShards,
      PetsConversionOptions options) {
    List<List<String>> byShard = new ArrayList<>();
    for (int i = 0; i < numShards; i++) {
      byShard.add(new ArrayList<>());
    }
    for (int pos = 0; pos < ids.size(); pos++) {
      byShard.get(ShardNames.shardOf(pos, numShards)).add(ids.get(pos));
    }
    List<ShardSpec> specs = new ArrayList<>();
    String base = options.recordBaseName(name);
    for (int i = 0; i < numShards; i++) {
      specs.add(new ShardSpec(name, ShardNames.name(base, i, numShards), byShard.get(i)));
    }
    return specs;
  }
}
