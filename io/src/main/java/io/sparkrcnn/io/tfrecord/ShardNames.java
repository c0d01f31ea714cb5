package io.sparkrcnn.io.tfrecord;

/** Shard file names as the Object Detection API writes them: {@code {base}-{i:05d}-of-{n:05d}}. */
public final class ShardNames {
  private ShardNames() {}

  public static String name(String base, int index, int numShards) {
    if (numShards < 1 || index < 0 || index >= numShards) {
      throw new IllegalArgumentException("shard " + index + " of " + numShards);
    }
    return String.format("%s-%05d-of-%05d", base, index, numShards);
  }

  /** The glob that matches every shard of a base name, as input readers take it. */
  public static String glob(String base, int numShards) {
    return String.format("%s-?????-of-%05d", base, numShards);
  }

  /** Round-robin shard of the example at {@code position} in the split list. */
  public static int shardOf(int position, int numShards) {
    return position % numShards;
  }
}
