#!/usr/bin/env bash
# The SparkRCNN demo on an embedded default: a synthetic Oxford-IIIT Pet folder, Spark in local mode,
# the local filesystem: synth -> convert -> train the tiny Faster R-CNN -> eval -> export -> predict, ending with
# the val mAP@0.5, each exported artefact's size and mAP@0.5, and drawn predictions on a few val images.
#
#   submit-scripts/demo.sh [--output_dir DIR]     (default: demo-run/)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="demo-run"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --output_dir) [[ $# -ge 2 ]] || { echo "demo.sh: --output_dir needs a folder" >&2; exit 2; }; out="$2"; shift 2 ;;
    --output_dir=*) out="${1#--output_dir=}"; shift ;;
    -h|--help) sed -n '2,6p' "$0"; exit 0 ;;
    *) echo "demo.sh: unknown argument '$1' (only --output_dir DIR)" >&2; exit 2 ;;
  esac
done
mkdir -p "$out"
out="$(cd "$out" && pwd)"

echo "== 1/6 synth: 6 breeds x 200 images (160x120), Pets layout, in $out/pets"
"$here/sparkrcnn" synth --output_dir "$out/pets" --images_per_class 200 --num_classes 6 --image_size 160x120 \
  --seed 1 --overwrite

echo "== 2/6 convert: Pets folder -> sharded TFRecords in $out/records"
"$here/sparkrcnn" convert --data_dir "$out/pets" --output_dir "$out/records" --num_shards 10 --overwrite

config="$out/tiny_pets.config"
sed "s|PATH_TO_BE_CONFIGURED|$out/records|g" "$here/../cluster-configs/pipelines/tiny_pets.config" > "$config"

echo "== 3/6 train: the tiny Faster R-CNN of $config into $out/train"
rm -rf "$out/train"
"$here/sparkrcnn" train --pipeline_config_path "$config" --train_dir "$out/train" --log_every_n_steps 50

echo "== 4/6 eval: the latest checkpoint on the val records"
"$here/sparkrcnn" eval --pipeline_config_path "$config" --checkpoint_dir "$out/train" --eval_dir "$out/eval" \
  | tee "$out/eval.log"

echo "== 5/6 export: the checkpoint as TensorFlow graphs, SavedModel and DL4J zip in $out/export"
"$here/sparkrcnn" export --pipeline_config_path "$config" --checkpoint_dir "$out/train" \
  --output_directory "$out/export" --overwrite

echo "== 6/6 predict: the export on the first val shard's images, drawn, in $out/predictions"
"$here/sparkrcnn" predict --model_dir "$out/export" \
  --input_path "$out/records/pet_faces_val.record-00000-of-00010" --output_dir "$out/predictions" --overwrite

map="$(sed -n 's|^PascalBoxes_Precision/mAP@0.5IOU = ||p' "$out/eval.log")"
echo
echo "demo finished:"
echo "  dataset:      $out/pets"
echo "  TFRecords:    $out/records/pet_faces_{train,val}.record-000??-of-00010"
echo "  checkpoints:  $out/train/model.ckpt-* (index: $out/train/checkpoint)"
echo "  val mAP@0.5:  $map (target >= 0.5)"
echo "  metrics:      $out/eval/metrics.json"
echo "  export:       $out/export (size and mAP@0.5 of each, from export_report.json):"
awk '/^  "[^"]+" : \{/ { name = $1; gsub(/"/, "", name) }
     name != "" && /"bytes" :/ { bytes = $3; sub(/,$/, "", bytes) }
     name != "" && /"PascalBoxes_Precision\/mAP@0.5IOU" :/ { map = $3; sub(/,$/, "", map) }
     /^  \}/ && name != "" { printf "    %-38s %12s bytes  mAP@0.5 %s\n", name, bytes, map; name = "" }' \
  "$out/export/export_report.json"
echo "  predictions:  $out/predictions/detections.jsonl, drawn in $out/predictions/images/"
