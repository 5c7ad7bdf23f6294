#!/usr/bin/env bash
# Installs what is missing, builds, and opens the GUI (arguments go to ganscope: ./run.sh train --preset flat-1d).
set -euo pipefail
cd "$(dirname "$0")"
source scripts/setup.sh
exec build/app/ganscope "$@"
