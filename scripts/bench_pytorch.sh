#!/usr/bin/env bash
# `ganscope bench --compare-pytorch` with its optional packages: installs Debian's python3-torch
# and libopenblas0-openmp when missing (as root; else prints the command), then runs the
# comparison with the given options, e.g.
#   scripts/bench_pytorch.sh --case wgan-gp-128 --threads 1 --reps 5 --seconds 3
# GANSCOPE_BIN selects the binary (default build/app/ganscope). Method: docs/PERFORMANCE.md.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="${GANSCOPE_BIN:-$root/build/app/ganscope}"
packages=(python3-torch libopenblas0-openmp)
missing=()
for p in "${packages[@]}"; do
  status="$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)"
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "bench_pytorch.sh: missing Debian packages: ${missing[*]}" >&2
    echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
  echo "bench_pytorch.sh: installing ${missing[*]}"
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
fi
[[ -x "$bin" ]] || { echo "bench_pytorch.sh: no $bin (build first: ./run.sh or cmake --build build)" >&2; exit 1; }
exec "$bin" bench --compare-pytorch "$@"
