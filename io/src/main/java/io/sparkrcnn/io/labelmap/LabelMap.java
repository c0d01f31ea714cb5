package io.sparkrcnn.io.labelmap;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.TextFormat;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A class-name ↔ id map in the Object Detection API's {@code StringIntLabelMap} text format
 * ({@code item { id: 1 name: 'Abyssinian' }}); ids start at 1, 0 is background.
 */
public final class LabelMap implements java.io.Serializable {
  /** The 37 Oxford-IIIT Pet breeds, in id order (alphabetical ignoring case); capitalised = cat. */
  public static final List<String> PETS_CLASSES = List.of(
      "Abyssinian", "american_bulldog", "american_pit_bull_terrier", "basset_hound", "beagle",
      "Bengal", "Birman", "Bombay", "boxer", "British_Shorthair", "chihuahua", "Egyptian_Mau",
      "english_cocker_spaniel", "english_setter", "german_shorthaired", "great_pyrenees", "havanese",
      "japanese_chin", "keeshond", "leonberger", "Maine_Coon", "miniature_pinscher", "newfoundland",
      "Persian", "pomeranian", "pug", "Ragdoll", "Russian_Blue", "saint_bernard", "samoyed",
      "scottish_terrier", "shiba_inu", "Siamese", "Sphynx", "staffordshire_bull_terrier",
      "wheaten_terrier", "yorkshire_terrier");

  private static final long serialVersionUID = 1L;
  private static final Descriptors.Descriptor MAP_TYPE = buildDescriptor();

  private final Map<String, Integer> idByName;

  private LabelMap(Map<String, Integer> idByName) {
    this.idByName = Collections.unmodifiableMap(new LinkedHashMap<>(idByName));
  }

  /** The built-in Pets map: the 37 breeds with ids 1..37. */
  public static LabelMap pets() {
    Map<String, Integer> ids = new LinkedHashMap<>();
    for (int i = 0; i < PETS_CLASSES.size(); i++) {
      ids.put(PETS_CLASSES.get(i), i + 1);
    }
    return new LabelMap(ids);
  }

  /**
   * Parses the protobuf text format of {@code StringIntLabelMap}.
   *
   * @throws LabelMapException naming the line and field for unknown fields, missing names, id 0 or
   *     duplicates
   */
  public static LabelMap parse(String text) {
    DynamicMessage.Builder builder = DynamicMessage.newBuilder(MAP_TYPE);
    try {
      TextFormat.getParser().merge(text, builder);
    } catch (TextFormat.ParseException e) {
      throw new LabelMapException(e.getMessage());
    }
    DynamicMessage map = builder.build();
    Descriptors.FieldDescriptor itemField = MAP_TYPE.findFieldByName("item");
    Descriptors.Descriptor itemType = itemField.getMessageType();
    Map<String, Integer> ids = new LinkedHashMap<>();
    Set<Integer> seenIds = new HashSet<>();
    int count = map.getRepeatedFieldCount(itemField);
    for (int i = 0; i < count; i++) {
      DynamicMessage item = (DynamicMessage) map.getRepeatedField(itemField, i);
      Descriptors.FieldDescriptor nameField = itemType.findFieldByName("name");
      Descriptors.FieldDescriptor idField = itemType.findFieldByName("id");
      if (!item.hasField(nameField) || !item.hasField(idField)) {
        throw new LabelMapException("item " + (i + 1) + " needs both 'name' and 'id'");
      }
      String name = (String) item.getField(nameField);
      int id = (Integer) item.getField(idField);
      if (id < 1) {
        throw new LabelMapException("item '" + name + "' has id " + id + "; ids start at 1 (0 is background)");
      }
      if (ids.putIfAbsent(name, id) != null) {
        throw new LabelMapException("class '" + name + "' appears twice");
      }
      if (!seenIds.add(id)) {
        throw new LabelMapException("id " + id + " is used by more than one class");
      }
    }
    if (ids.isEmpty()) {
      throw new LabelMapException("no 'item' entries");
    }
    return new LabelMap(ids);
  }

  /** The id of a class, if the map has it (exact, case-sensitive match as the reference). */
  public Optional<Integer> idOf(String className) {
    return Optional.ofNullable(idByName.get(className));
  }

  /** Class names in the order they were listed. */
  public List<String> names() {
    return new ArrayList<>(idByName.keySet());
  }

  public int size() {
    return idByName.size();
  }

  /** Names by id, for reports and metrics. */
  public Map<Integer, String> namesById() {
    Map<Integer, String> byId = new HashMap<>();
    idByName.forEach((name, id) -> byId.put(id, name));
    return byId;
  }

  /** The reference's {@code pet_label_map.pbtxt} layout. */
  public String toPbtxt() {
    StringBuilder out = new StringBuilder();
    idByName.forEach((name, id) -> out.append("item {\n  id: ").append(id).append("\n  name: '")
        .append(name.replace("\\", "\\\\").replace("'", "\\'")).append("'\n}\n\n"));
    return out.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LabelMap other && other.idByName.equals(idByName);
  }

  @Override
  public int hashCode() {
    return idByName.hashCode();
  }

  private static Descriptors.Descriptor buildDescriptor() {
    // The schema of object_detection/protos/string_int_label_map.proto, the fields a Pets map uses
    // and the ones newer label maps add; anything else is refused by name.
    DescriptorProto keypoint = DescriptorProto.newBuilder().setName("LabelMapKeypoint")
        .addField(field("id", 1, FieldDescriptorProto.Type.TYPE_INT32, false))
        .addField(field("label", 2, FieldDescriptorProto.Type.TYPE_STRING, false))
        .build();
    DescriptorProto item = DescriptorProto.newBuilder().setName("StringIntLabelMapItem")
        .addField(field("name", 1, FieldDescriptorProto.Type.TYPE_STRING, false))
        .addField(field("id", 2, FieldDescriptorProto.Type.TYPE_INT32, false))
        .addField(field("display_name", 3, FieldDescriptorProto.Type.TYPE_STRING, false))
        .addField(field("keypoints", 4, FieldDescriptorProto.Type.TYPE_MESSAGE, true)
            .toBuilder().setTypeName(".object_detection.protos.LabelMapKeypoint").build())
        .addField(field("ancestor_ids", 5, FieldDescriptorProto.Type.TYPE_INT32, true))
        .addField(field("descendant_ids", 6, FieldDescriptorProto.Type.TYPE_INT32, true))
        .addField(field("instance_count", 8, FieldDescriptorProto.Type.TYPE_INT32, false))
        .build();
    DescriptorProto map = DescriptorProto.newBuilder().setName("StringIntLabelMap")
        .addField(field("item", 1, FieldDescriptorProto.Type.TYPE_MESSAGE, true)
            .toBuilder().setTypeName(".object_detection.protos.StringIntLabelMapItem").build())
        .build();
    FileDescriptorProto file = FileDescriptorProto.newBuilder()
        .setName("string_int_label_map.proto").setPackage("object_detection.protos").setSyntax("proto2")
        .addMessageType(keypoint).addMessageType(item).addMessageType(map).build();
    try {
      return Descriptors.FileDescriptor.buildFrom(file, new Descriptors.FileDescriptor[0])
          .findMessageTypeByName("StringIntLabelMap");
    } catch (Descriptors.DescriptorValidationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static FieldDescriptorProto field(String name, int number, FieldDescriptorProto.Type type,
      boolean repeated) {
    return FieldDescriptorProto.newBuilder().setName(name).setNumber(number).setType(type)
        .setLabel(repeated ? FieldDescriptorProto.Label.LABEL_REPEATED : FieldDescriptorProto.Label.LABEL_OPTIONAL)
        .build();
  }
}
