package io.sparkrcnn.conversion.pets;

import io.sparkrcnn.io.labelmap.LabelMap;
import io.sparkrcnn.io.tfrecord.Compression;
import io.sparkrcnn.io.tfrecord.TfRecordWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Converts the examples of one shard and writes them, in order, to one TFRecord file. */
public final class PetsShardConverter {
  private final FileSystem outputFs;
  private final PetExampleReader reader;
  private final Compression compression;

  public PetsShardConverter(FileSystem inputFs, FileSystem outputFs, PetsLayout layout, LabelMap labelMap,
      PetsConversionOptions options, Compression compression) {
    this.outputFs = outputFs;
    this.reader = new PetExampleReader(inputFs, layout, labelMap, options);
    this.compression = compression;
  }

  /** Writes {@code spec}'s examples to {@code target}; skips are collected, I/O failures thrown. */
  public ShardResult convert(ShardSpec spec, Path target) throws IOException {
    List<ExampleOutcome.Skipped> skipped = new ArrayList<>();
    List<ShardResult.ExampleNote> notes = new ArrayList<>();
    long bytes;
    long records;
    try (TfRecordWriter writer = TfRecordWriter.create(outputFs, target, compression)) {
      for (String id : spec.exampleIds()) {
        ExampleOutcome outcome = reader.read(id);
        if (outcome instanceof ExampleOutcome.Skipped s) {
          skipped.add(s);
        } else if (outcome instanceof ExampleOutcome.Converted c) {
          writer.write(c.example());
          if (c.clippedBoxes() > 0 || c.droppedBoxes() > 0 || c.reencoded() != null || c.note() != null) {
            notes.add(new ShardResult.ExampleNote(id, c.clippedBoxes(), c.droppedBoxes(), c.reencoded(), c.note()));
          }
        }
      }
      records = writer.records();
      bytes = writer.finish();
    }
    return new ShardResult(spec.split(), spec.fileName(), target.toString(), records, bytes, skipped, notes);
  }
}
