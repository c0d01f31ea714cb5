package io.sparkrcnn.model.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import io.sparkrcnn.model.config.proto.TrainEvalPipelineConfig;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every field of pipeline.proto has a rule; fixed fields with another value are refused in one line by name. */
class PipelineFieldsTest {
  private static void collect(Descriptor d, String at, Set<String> seen, List<String> missing) {
    for (FieldDescriptor f : d.getFields()) {
      String path = at.isEmpty() ? f.getName() : at + "." + f.getName();
      if (PipelineFields.rule(f, path) == null) {
        missing.add(f.getFullName() + " (at " + path + ")");
      }
      seen.add(f.getFullName().substring("object_detection.protos.".length()));
      if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !path.contains(f.getName() + "." + f.getName())
          && path.split("\\.").length < 12) {
        collect(f.getMessageType(), path, seen, missing);
      }
    }
  }

  @Test
  void everyFieldOfTheSchemaIsClassified() {
    Set<String> seen = new HashSet<>();
    List<String> missing = new ArrayList<>();
    collect(TrainEvalPipelineConfig.getDescriptor(), "", seen, missing);
    assertEquals(List.of(), missing, "fields without a rule in PipelineFields");
    Set<String> stale = new HashSet<>(PipelineFields.BY_NAME.keySet());
    stale.removeAll(seen);
    assertEquals(Set.of(), stale, "rules for fields the schema does not have");
    assertTrue(seen.size() > 170, "walked " + seen.size());
  }

  @Test
  void everyPathRuleNamesAPlaceInTheSchema() {
    for (String path : PipelineFields.BY_PATH.keySet()) {
      Descriptor d = TrainEvalPipelineConfig.getDescriptor();
      FieldDescriptor f = null;
      for (String name : path.split("\\.")) {
        assertNotNull(d, path);
        f = d.findFieldByName(name);
        assertNotNull(f, path + ": no field " + name);
        d = f.getJavaType() == FieldDescriptor.JavaType.MESSAGE ? f.getMessageType() : null;
      }
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "initial_crop_size: 14|first_stage_atrous_rate: 2 initial_crop_size: 14"
          + "|model.faster_rcnn.first_stage_atrous_rate is 2; only 1 is supported (no atrous convolution in block 3)",
      "score_converter: SOFTMAX|score_converter: SOFTMAX logit_scale: 2"
          + "|model.faster_rcnn.second_stage_post_processing.logit_scale is 2.0; only 1 is supported",
      "use_dropout: false|use_dropout: true"
          + "|model.faster_rcnn.second_stage_box_predictor.mask_rcnn_box_predictor.use_dropout is true; only false",
      "op: CONV|op: CONV activation: RELU_6"
          + "|model.faster_rcnn.first_stage_box_predictor_conv_hyperparams.activation is RELU_6; only RELU",
      "op: FC|op: FC batch_norm { }"
          + "|mask_rcnn_box_predictor.fc_hyperparams.batch_norm is not supported (no batch norm",
      "batch_size: 1|batch_size: 1 sync_replicas: true|train_config.sync_replicas is true; only false is supported",
      "height_stride: 16|height_stride: 8|grid_anchor_generator.height_stride is 8; only 16 is supported (the feature",
      "width_stride: 16|width_stride: 32|grid_anchor_generator.width_stride is 32; only 16 is supported (the feature",
      "batch_size: 1|batch_size: 1 keep_checkpoint_every_n_hours: 0"
          + "|train_config.keep_checkpoint_every_n_hours is 0.0; it must be above 0",
      "num_examples: 4952|num_examples: 4952 ignore_groundtruth: true|eval_config.ignore_groundtruth is true",
      "num_examples: 4952|num_examples: 4952 visualization_export_dir: '/tmp/v'"
          + "|eval_config.visualization_export_dir is '/tmp/v'; only '' is supported (no detection images are written)",
      "stddev: 0.01|stddev: 0.01 } variance_scaling_initializer {"
          + "|first_stage_box_predictor_conv_hyperparams.initializer.variance_scaling_initializer is not supported",
      "use_moving_average: false|use_moving_average: true"
          + "|train_config.optimizer.use_moving_average is true; only false",
      "random_horizontal_flip {|random_vertical_flip {"
          + "|data_augmentation_options.random_vertical_flip is not supported"})
  void aFixedFieldWithAnotherValueIsRefusedByName(String from, String to, String expected) throws Exception {
    String text = ReferenceConfigsTest.filled("faster_rcnn_resnet101_voc07.config");
    assertTrue(text.contains(from), from);
    PipelineConfigException e = assertThrows(PipelineConfigException.class,
        () -> PipelineSettings.parse(text.replaceFirst(java.util.regex.Pattern.quote(from), to), "my.config"));
    assertTrue(e.getMessage().startsWith("my.config: ") && e.getMessage().contains(expected), e.getMessage());
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "num_examples: 4952|num_examples: 4952 max_evals: 3 eval_interval_secs: 60 num_visualizations: 2",
      "shuffle: false|shuffle: true num_epochs: 1",
      "batch_size: 1|batch_size: 1 batch_queue_capacity: 10 prefetch_queue_capacity: 2 startup_delay_steps: 0",
      "batch_size: 1|batch_size: 1 keep_checkpoint_every_n_hours: 2",
      "weight: 0.0|weight: 0.0 } } initializer { random_normal_initializer { stddev: 0.02 } }"
          + " regularizer { l2_regularizer {"
  })
  void aHarmlessOrHonouredSettingIsAccepted(String from, String to) throws Exception {
    String text = ReferenceConfigsTest.filled("faster_rcnn_resnet101_voc07.config");
    assertTrue(text.contains(from), from);
    PipelineSettings.parse(text.replaceFirst(java.util.regex.Pattern.quote(from), to), "my.config");
  }

  @Test
  void trainingShuffleAndNumEpochsAreHonoured() throws Exception {
    String text = ReferenceConfigsTest.filled("faster_rcnn_resnet101_voc07.config");
    InputSettings plain = PipelineSettings.parse(text, "voc07").trainInput();
    assertTrue(plain.shuffle());
    assertEquals(Long.MAX_VALUE, plain.lastStepOfEpochs(100, 2, 4));
    InputSettings in = PipelineSettings.parse(text.replace("train_input_reader: {\n",
        "train_input_reader: {\n  shuffle: false\n  num_epochs: 3\n"), "voc07").trainInput();
    assertTrue(!in.shuffle());
    // 3 passes over 100 records, 2 workers of 4 images a step: 300 / 8 = 37 whole steps
    assertEquals(37, in.lastStepOfEpochs(100, 2, 4));
    assertEquals(3, in.lastStepOfEpochs(5, 1, 4));
  }

  @Test
  void keepCheckpointEveryNHoursIsRead() throws Exception {
    String text = ReferenceConfigsTest.filled("faster_rcnn_resnet101_voc07.config");
    assertEquals(10000, PipelineSettings.parse(text, "voc07").train().keepCheckpointEveryNHours());
    assertEquals(2.5, PipelineSettings.parse(text.replace("batch_size: 1", "batch_size: 1\n"
        + "  keep_checkpoint_every_n_hours: 2.5"), "voc07").train().keepCheckpointEveryNHours());
  }

  /** Each field's comment in pipeline.proto starts with the word of its rule, so the two cannot drift apart. */
  @Test
  void theProtoCommentsSayWhatTheRulesSay() throws Exception {
    var field = java.util.regex.Pattern.compile(
        "^\\s*(?:optional |repeated |required )?[\\w.]+\\s+(\\w+)\\s*=\\s*\\d+");
    java.util.Deque<String> messages = new java.util.ArrayDeque<>();
    String comment = "";
    int checked = 0;
    var proto = java.nio.file.Path.of("src/main/proto/sparkrcnn/pipeline.proto");
    for (String line : java.nio.file.Files.readAllLines(proto)) {
      String t = line.trim();
      if (!t.startsWith("//") && !field.matcher(t).find()) {
        comment = "";
      }
      if (t.startsWith("message ") || t.startsWith("enum ")) {
        messages.push(t.startsWith("enum ") ? "" : t.split("\\s+")[1]);
      } else if (t.startsWith("oneof ")) {
        messages.push(messages.peek() == null ? "" : messages.peek()); // a oneof's fields are its message's
      } else if (t.equals("}")) {
        messages.poll();
      } else if (t.startsWith("//")) {
        comment = comment.isEmpty() ? t.substring(2).trim() : comment; // the first line of a comment block
      } else if (!messages.isEmpty() && !messages.peek().isEmpty() && field.matcher(t).find()) {
        var m = field.matcher(t);
        m.find();
        java.util.List<String> outer = new java.util.ArrayList<>(messages);
        java.util.Collections.reverse(outer);
        String name = String.join(".", new java.util.LinkedHashSet<>(outer)) + "." + m.group(1);
        PipelineFields.Rule rule = PipelineFields.BY_NAME.get(name);
        if (rule != null) {
          assertTrue(comment.toUpperCase(java.util.Locale.ROOT).startsWith(rule.use().name()),
              name + " is " + rule.use() + " but its comment says '" + comment + "'");
          checked++;
        }
        comment = "";
      }
    }
    assertTrue(checked > 150, "fields checked: " + checked);
  }
}
