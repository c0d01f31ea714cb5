package io.sparkrcnn.conversion.pets;

import java.io.Serializable;

/**
 * How Pets examples become records.
 *
 * @param facesOnly head boxes from the XML (true) or full-body boxes and masks from the trimap
 * @param verifyDecode fully decode every JPEG (catches corrupt image data, costs time)
 */
public record PetsConversionOptions(boolean facesOnly, MaskType maskType, boolean verifyDecode)
    implements Serializable {

  /** The reference's record base names: {@code pet_faces_train.record} or {@code pets_fullbody_with_masks_train.record}. */
  public String recordBaseName(String split) {
    return facesOnly ? "pet_faces_" + split + ".record" : "pets_fullbody_with_masks_" + split + ".record";
  }
}
