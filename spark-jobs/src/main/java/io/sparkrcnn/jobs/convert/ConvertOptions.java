package io.sparkrcnn.jobs.convert;

import io.sparkrcnn.conversion.pets.PetsConversionOptions;
import io.sparkrcnn.io.tfrecord.Compression;

/** The validated settings of one {@code convert} run. */
public record ConvertOptions(String dataDir, String outputDir, String labelMapPath, int numShards,
    PetsConversionOptions conversion, Compression compression, double maxSkippedFraction, boolean overwrite) {}
