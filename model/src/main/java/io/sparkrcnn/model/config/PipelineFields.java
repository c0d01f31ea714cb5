package io.sparkrcnn.model.config;

import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.util.Map;

/**
 * What SparkRCNN does with each field of {@code pipeline.proto}, the one list of them: {@link Use#HONOURED} (read
 * and applied), {@link Use#FIXED} (must keep one value, refused by name otherwise), {@link Use#HARMLESS} (accepted,
 * with no effect on results for us; the reason says why) or {@link Use#APPROXIMATED} (read, done as our design
 * does it; the note says how). Rules are by the field's full name, a few refined by where the field sits
 * ({@link #BY_PATH}). {@link #check} walks a parsed config and refuses the first fixed field with another value.
 */
public final class PipelineFields {
  /** What is done with a field. */
  public enum Use { HONOURED, FIXED, HARMLESS, APPROXIMATED }

  /** A {@link Use#FIXED} message field that must not be set. */
  public static final Object UNSET = new Object() {
    @Override
    public String toString() {
      return "unset";
    }
  };

  /** One field's rule: its use, the value a fixed field must keep, and why (what we support instead). */
  public record Rule(Use use, Object allowed, String note) {}

  private static final String PACKAGE = "object_detection.protos.";

  /** Rules by full field name without the package, e.g. {@code FasterRcnn.first_stage_atrous_rate}. */
  static final Map<String, Rule> BY_NAME = FieldRules.byName(TrainEvalFieldRules.rules(), ModelFieldRules.rules());

  /** Rules for a field at a place in the config (a path without indices), before {@link #BY_NAME}. */
  static final Map<String, Rule> BY_PATH = Map.of(
      "eval_input_reader.shuffle", new Rule(Use.HARMLESS, null, "metrics do not depend on the order"),
      "eval_input_reader.num_epochs", new Rule(Use.HARMLESS, null, "eval reads each record once"),
      "model.faster_rcnn.first_stage_box_predictor_conv_hyperparams.initializer.variance_scaling_initializer",
      new Rule(Use.FIXED, UNSET, "the RPN conv starts from truncated_normal_initializer or"
          + " random_normal_initializer"),
      "model.faster_rcnn.second_stage_box_predictor.mask_rcnn_box_predictor.fc_hyperparams.initializer",
      new Rule(Use.APPROXIMATED, null, "the box head starts He-normal (hidden), N(0, 0.01) (classes) and"
          + " N(0, 0.001) (boxes)"));

  private PipelineFields() {}

  /** The rule for a field at {@code path} (dotted field names from the top, no indices). */
  public static Rule rule(FieldDescriptor field, String path) {
    for (String p = path; !p.isEmpty(); p = p.contains(".") ? p.substring(0, p.lastIndexOf('.')) : "") {
      Rule r = BY_PATH.get(p);
      if (r != null && (p.equals(path) || r.use() == Use.APPROXIMATED)) {
        return r;
      }
    }
    return BY_NAME.get(field.getFullName().substring(PACKAGE.length()));
  }

  /** Refuses the first fixed field, set or defaulted in a message that is present, that has another value. */
  static void check(Message config, String source) {
    walk(config, "", source);
  }

  private static void walk(Message m, String at, String source) {
    for (FieldDescriptor f : m.getDescriptorForType().getFields()) {
      String path = at.isEmpty() ? f.getName() : at + "." + f.getName();
      Rule r = rule(f, path);
      if (r == null) {
        throw new IllegalStateException("pipeline field " + f.getFullName() + " has no rule in PipelineFields");
      }
      if (r.use() == Use.FIXED) {
        requireAllowed(m, f, path, r, source);
      }
      if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
        if (f.isRepeated()) {
          for (int i = 0; i < m.getRepeatedFieldCount(f); i++) {
            walk((Message) m.getRepeatedField(f, i), path, source);
          }
        } else if (m.hasField(f)) {
          walk((Message) m.getField(f), path, source);
        }
      }
    }
  }

  private static void requireAllowed(Message m, FieldDescriptor f, String path, Rule r, String source) {
    String why = r.note().isEmpty() ? "" : " (" + r.note() + ")";
    if (r.allowed() == UNSET) {
      if (f.isRepeated() ? m.getRepeatedFieldCount(f) > 0 : m.hasField(f)) {
        throw new PipelineConfigException(source + ": " + path + " is not supported" + why);
      }
      return;
    }
    Object value = m.getField(f);
    Object shown = value instanceof EnumValueDescriptor e ? e.getName() : value;
    boolean same = value instanceof Number n ? n.doubleValue() == ((Number) r.allowed()).doubleValue()
        : shown.equals(r.allowed());
    if (!same) {
      boolean text = value instanceof String;
      throw new PipelineConfigException(source + ": " + path + " is " + (text ? "'" + shown + "'" : shown) + "; only "
          + (text ? "'" + r.allowed() + "'" : r.allowed()) + " is supported" + why);
    }
  }
}
