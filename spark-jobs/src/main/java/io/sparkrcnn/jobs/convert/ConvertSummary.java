package io.sparkrcnn.jobs.convert;

import io.sparkrcnn.conversion.report.ConversionReport;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What a convert run says about itself: the skipped examples in the log, and the lines printed when it ends. */
public final class ConvertSummary {
  private static final Logger LOG = LoggerFactory.getLogger(ConvertJob.class);

  private ConvertSummary() {}

  private static final int MAX_LOGGED_SKIPS = 200;

  /** Every skip with its id (the report is not written when the job fails), then counts by reason. */
  static void logSkipReasons(ConversionReport report) {
    List<ConversionReport.SkipEntry> skipped = report.skipped();
    for (int i = 0; i < Math.min(MAX_LOGGED_SKIPS, skipped.size()); i++) {
      ConversionReport.SkipEntry s = skipped.get(i);
      LOG.error("skipped {} ({}): {}", s.id().isEmpty() ? "<blank line>" : s.id(), s.split(), s.reason());
    }
    if (skipped.size() > MAX_LOGGED_SKIPS) {
      LOG.error("... and {} more", skipped.size() - MAX_LOGGED_SKIPS);
    }
    skipCountsByReason(report).forEach((reason, n) -> LOG.error("{} x {}", n, reason));
  }

  /** Skip reasons with the example id taken out, most frequent first. */
  static Map<String, Integer> skipCountsByReason(ConversionReport report) {
    Map<String, Integer> byKind = new TreeMap<>();
    for (ConversionReport.SkipEntry s : report.skipped()) {
      byKind.merge(s.id().isEmpty() ? s.reason() : s.reason().replace(s.id(), "<id>"), 1, Integer::sum);
    }
    Map<String, Integer> sorted = new LinkedHashMap<>();
    byKind.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue())
        .forEach(e -> sorted.put(e.getKey(), e.getValue()));
    return sorted;
  }

  private static String plural(int n, String one, String many) {
    return n + " " + (n == 1 ? one : many);
  }

  /** The lines printed when the job ends. */
  public static String summary(ConversionReport r) {
    StringBuilder s = new StringBuilder();
    r.splits().forEach((name, split) -> s.append(String.format(Locale.ROOT,
        "%s: %d records in %d shards (%.1f MB)%n", name, split.records(), split.shards().size(),
        split.bytes() / 1e6)));
    s.append(String.format(Locale.ROOT, "skipped %d of %d listed examples; %s clipped, %s dropped; %s re-encoded%n",
        r.skippedCount(), r.examplesListed(), plural(r.clippedBoxes(), "box", "boxes"),
        plural(r.droppedBoxes(), "box", "boxes"), plural(r.reencodedImages(), "image", "images")));
    skipCountsByReason(r).forEach((reason, n) -> s.append(String.format(Locale.ROOT, "  %d x %s%n", n, reason)));
    s.append("output: ").append(r.outputDir()).append(" (report: ").append(ConvertJob.REPORT_FILE).append(')');
    return s.toString();
  }
}
