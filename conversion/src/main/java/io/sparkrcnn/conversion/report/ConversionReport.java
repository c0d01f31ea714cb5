package io.sparkrcnn.conversion.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sparkrcnn.conversion.pets.ExampleOutcome;
import io.sparkrcnn.conversion.pets.ShardResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code conversion_report.json}: per split the records, shards and bytes written; every skipped
 * example with its reason; every example whose boxes were clipped or whose image was re-encoded;
 * files in {@code images/} that are not JPEG names.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConversionReport(
    String dataDir, String outputDir, boolean facesOnly, String maskType, String compression, int numShards,
    int examplesListed, long recordsWritten, int skippedCount, double skippedFraction, double maxSkippedFraction,
    int clippedBoxes, int droppedBoxes, int reencodedImages,
    Map<String, SplitReport> splits, List<SkipEntry> skipped, List<ChangeEntry> changed) {

  private static final ObjectMapper JSON = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(SerializationFeature.INDENT_OUTPUT);

  /** One split: how many ids were listed for it and what was written. */
  public record SplitReport(int examplesListed, long records, long bytes, List<ShardEntry> shards) {}

  public record ShardEntry(String file, long records, long bytes) {}

  public record SkipEntry(String id, String split, String reason) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ChangeEntry(String id, String split, int clippedBoxes, int droppedBoxes, String reencoded,
      String note) {}

  /** The settings a report describes; everything else comes from the shard results. */
  public record Settings(String dataDir, String outputDir, boolean facesOnly, String maskType, String compression,
      int numShards, double maxSkippedFraction) {}

  /**
   * Builds the report from the shard results.
   *
   * @param listed ids listed per split, train and val
   */
  public static ConversionReport of(Settings s, Map<String, Integer> listed, List<ShardResult> shards) {
    Map<String, SplitReport> splits = new LinkedHashMap<>();
    List<SkipEntry> skipped = new ArrayList<>();
    List<ChangeEntry> changed = new ArrayList<>();
    long records = 0;
    int clipped = 0;
    int dropped = 0;
    int reencoded = 0;
    for (String split : listed.keySet()) {
      List<ShardEntry> entries = new ArrayList<>();
      long splitRecords = 0;
      long splitBytes = 0;
      for (ShardResult r : shards) {
        if (!r.split().equals(split)) {
          continue;
        }
        entries.add(new ShardEntry(r.fileName(), r.records(), r.bytes()));
        splitRecords += r.records();
        splitBytes += r.bytes();
        for (ExampleOutcome.Skipped sk : r.skipped()) {
          skipped.add(new SkipEntry(sk.exampleId(), split, sk.reason()));
        }
        for (ShardResult.ExampleNote n : r.notes()) {
          changed.add(new ChangeEntry(n.exampleId(), split, n.clippedBoxes(), n.droppedBoxes(), n.reencoded(),
              n.note()));
          clipped += n.clippedBoxes();
          dropped += n.droppedBoxes();
          reencoded += n.reencoded() != null ? 1 : 0;
        }
      }
      entries.sort((a, b) -> a.file().compareTo(b.file()));
      splits.put(split, new SplitReport(listed.get(split), splitRecords, splitBytes, entries));
      records += splitRecords;
    }
    int total = listed.values().stream().mapToInt(Integer::intValue).sum();
    double fraction = total == 0 ? 0 : (double) skipped.size() / total;
    return new ConversionReport(s.dataDir(), s.outputDir(), s.facesOnly(), s.maskType(), s.compression(),
        s.numShards(), total, records, skipped.size(), fraction, s.maxSkippedFraction(), clipped, dropped,
        reencoded, splits, skipped, changed);
  }

  public boolean tooManySkipped() {
    return skippedFraction > maxSkippedFraction;
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static ConversionReport fromJson(String json) throws IOException {
    return JSON.readValue(json, ConversionReport.class);
  }
}
