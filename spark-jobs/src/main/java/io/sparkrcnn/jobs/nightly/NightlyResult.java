package io.sparkrcnn.jobs.nightly;

import org.apache.hadoop.fs.Path;

/**
 * How a nightly run ended: its id and folder, the exit status a scheduler acts on ({@link NightlyJob#EXIT_PUBLISHED}
 * or {@link NightlyJob#EXIT_NOT_PROMOTED}), the decision, the run's and the published model's mAP@0.5 (null:
 * nothing was published), the version current named before and names after, and the run record's path.
 */
public record NightlyResult(String runId, Path runDir, int exitStatus, Decision decision, double newMap,
    Double publishedMap, String previousVersion, String currentVersion, Path record) {}
