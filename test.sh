#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test. GUI tests get a virtual display from
# xvfb-run, so no window opens on the screen (extra arguments go to ctest, e.g. -L unit).
set -euo pipefail
cd "$(dirname "$0")"
source scripts/setup.sh
exec xvfb-run -a -s "-screen 0 1920x1080x24" ctest --test-dir build --output-on-failure -j2 "$@"
