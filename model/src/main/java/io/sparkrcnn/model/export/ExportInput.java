package io.sparkrcnn.model.export;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The input of an exported detector graph, as {@code export_inference_graph.py}'s {@code --input_type} names it:
 * {@code image_tensor}, uint8 {@code [N, H, W, 3]} pixels, or {@code encoded_image_string_tensor}, a string
 * {@code [N]} of JPEG or PNG files decoded in the graph (images of one batch must then have one size, as the
 * reference's {@code map_fn} requires).
 */
public enum ExportInput {
  IMAGE_TENSOR("image_tensor"),
  ENCODED_IMAGE_STRING_TENSOR("encoded_image_string_tensor");

  private final String tensorName;

  ExportInput(String tensorName) {
    this.tensorName = tensorName;
  }

  /** The input placeholder's name, which is also the {@code --input_type} value. */
  public String tensorName() {
    return tensorName;
  }

  /** The input type named {@code name}, or an {@link IllegalArgumentException} listing the known ones. */
  public static ExportInput named(String name) {
    for (ExportInput i : values()) {
      if (i.tensorName.equals(name)) {
        return i;
      }
    }
    throw new IllegalArgumentException("unknown --input_type '" + name + "': use one of "
        + Arrays.stream(values()).map(ExportInput::tensorName).collect(Collectors.joining(", ")));
  }
}
