#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test. GUI tests get a virtual display from
# xvfb-run, so no window opens on the screen (extra arguments go to ctest, e.g. -L unit).
#   ./test.sh --sanitize [address|thread]   ASan+UBSan and TSan trees instead (scripts/sanitize.sh)
set -euo pipefail
cd "$(dirname "$0")"
if [[ "${1:-}" == "--sanitize" ]]; then
  shift
  export GANSCOPE_SKIP_BUILD=1
  source scripts/setup.sh
  exec scripts/sanitize.sh "$@"
fi
source scripts/setup.sh
exec xvfb-run -a -s "-screen 0 1920x1080x24" ctest --test-dir build --output-on-failure -j2 "$@"
