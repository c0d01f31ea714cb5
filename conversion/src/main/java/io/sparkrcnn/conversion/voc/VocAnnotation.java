package io.sparkrcnn.conversion.voc;

import java.util.List;

/** A PASCAL VOC annotation file: the image it describes, its size and its objects. */
public record VocAnnotation(String filename, int width, int height, List<VocObject> objects) {
  public VocAnnotation {
    objects = List.copyOf(objects);
  }
}
