#!/usr/bin/env bash
# Spark's GPU discovery script: prints the GPUs this container or machine sees as Spark's resource JSON,
# {"name":"gpu","addresses":["0","1"]}, from nvidia-smi. Used as spark.executor.resource.gpu.discoveryScript
# (YARN, Kubernetes) or spark.worker.resource.gpu.discoveryScript (a standalone Worker); see docs/clusters.md.
set -euo pipefail

usage() {
  cat <<'USAGE'
usage: discover-gpus.sh [--help]
Prints {"name":"gpu","addresses":[...]} with the index of each GPU that nvidia-smi lists (the indices
CUDA numbers the visible devices by). Exits 1, with one line on stderr, when nvidia-smi is missing or fails.
USAGE
}

if [[ $# -gt 0 ]]; then
  if [[ $1 == --help || $1 == -h ]]; then
    usage
    exit 0
  fi
  echo "discover-gpus.sh: unknown argument $1 (see --help)" >&2
  exit 2
fi

if ! command -v nvidia-smi >/dev/null 2>&1; then
  echo "discover-gpus.sh: nvidia-smi not found on PATH: install NVIDIA's driver utilities on this node" \
    "(or drop the spark.*.resource.gpu settings)" >&2
  exit 1
fi

if ! indices=$(nvidia-smi --query-gpu=index --format=csv,noheader 2>&1); then
  echo "discover-gpus.sh: nvidia-smi failed: ${indices//$'\n'/ }" >&2
  exit 1
fi

addresses=""
while IFS= read -r line; do
  index=${line//[[:space:]]/}
  [[ -z $index ]] && continue
  if [[ ! $index =~ ^[0-9]+$ ]]; then
    echo "discover-gpus.sh: nvidia-smi printed '$line' where a GPU index was expected" >&2
    exit 1
  fi
  addresses+="${addresses:+,}\"$index\""
done <<< "$indices"

printf '{"name":"gpu","addresses":[%s]}\n' "$addresses"
