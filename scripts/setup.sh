# Sourced by run.sh and test.sh: installs the Debian packages that are missing, then configures
# and builds a Release tree in build/ (skipped with GANSCOPE_SKIP_BUILD=1, as the sanitizer run
# does: it builds its own trees). Not meant to be run on its own.

GANSCOPE_PACKAGES=(build-essential cmake pkg-config libeigen3-dev nlohmann-json3-dev libcli11-dev libstb-dev
                   libimgui-dev libglfw3-dev libepoxy-dev libegl-dev libegl-mesa0 libgl1-mesa-dri libgtest-dev
                   xvfb xauth ffmpeg xdotool python3)

ganscope_install_missing() {
  local missing=() p status
  for p in "${GANSCOPE_PACKAGES[@]}"; do
    status="$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)"
    [[ "$status" == "install ok installed" ]] || missing+=("$p")
  done
  ((${#missing[@]} == 0)) && return 0
  if [[ $(id -u) -ne 0 ]]; then
    echo "ganscope: missing Debian packages: ${missing[*]}" >&2
    echo "Install them with:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    return 1
  fi
  echo "ganscope: installing ${missing[*]}"
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
}

ganscope_build() {
  local root
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  cmake -S "$root" -B "$root/build" -DCMAKE_BUILD_TYPE=Release
  cmake --build "$root/build" -j"$(nproc)"
}

ganscope_install_missing || exit 1
[[ "${GANSCOPE_SKIP_BUILD:-0}" == 1 ]] || ganscope_build
