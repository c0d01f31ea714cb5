package io.sparkrcnn.jobs.predict;

import java.io.Serializable;
import java.util.List;

/**
 * What one predict task sends back: its partition (partitions hold consecutive input files, so the parts in
 * partition order are in input order), its part of {@code detections.jsonl} in the attempts directory (the lines of
 * its images in input order) and its images, in input order.
 */
record TaskOutput(int partition, String part, List<PredictedImage> images) implements Serializable {
  private static final long serialVersionUID = 1L;
}
