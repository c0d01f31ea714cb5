#!/usr/bin/env bash
# The SparkRCNN demo on an embedded default: a synthetic Oxford-IIIT Pet folder, Spark in local mode,
# the local filesystem. Runs as far as the project goes today: synth -> convert.
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

echo "== 1/2 synth: 37 breeds x 8 images, Pets layout, in $out/pets"
"$here/sparkrcnn" synth --output_dir "$out/pets" --images_per_class 8 --num_classes 37 --seed 1 --overwrite

echo "== 2/2 convert: Pets folder -> sharded TFRecords in $out/records"
"$here/sparkrcnn" convert --data_dir "$out/pets" --output_dir "$out/records" --num_shards 4 --overwrite

echo
echo "demo finished:"
echo "  dataset:      $out/pets"
echo "  TFRecords:    $out/records/pet_faces_{train,val}.record-0000?-of-00004"
echo "  label map:    $out/records/pet_label_map.pbtxt"
echo "  report:       $out/records/conversion_report.json"
