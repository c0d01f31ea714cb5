package io.sparkrcnn.model.config;

import java.util.List;

/** A typed input reader: TFRecord paths or globs (any Hadoop filesystem) and the label map path ("" = Pets map). */
public record InputSettings(List<String> inputPaths, String labelMapPath) {}
