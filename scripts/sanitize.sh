#!/usr/bin/env bash
# Run by `./test.sh --sanitize [address|thread]` (both when no kind is given). Builds separate
# trees and runs tests there; any sanitizer finding fails the test that triggered it.
#   build-asan: AddressSanitizer + UndefinedBehaviorSanitizer, no GUI; unit tests (ctest -L ^unit), built alone.
#   build-tsan: ThreadSanitizer; the tests whose threads meet (ctest -L threads: Session, the
#               window, exports) under Xvfb.
# Slow behaviour tests are left out (a sanitizer makes them 2-10x slower); GANSCOPE_SANITIZE_SLOW=1
# adds them to the ASan run. Suppressions (third-party code only) live in tests/sanitizers/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
(($# == 0)) && set -- address thread
kinds=("$@")
jobs="$(nproc)"

configure() {  # dir kind extra-cmake-args...
  local dir=$1 kind=$2
  shift 2
  mkdir -p "$root/$dir"
  # Portable code (no -march=native): the findings must not depend on the CI machine's CPU, and
  # GCC 12's AVX-512 headers warn (-Wuninitialized, their own self-initialised temporaries) when
  # instrumented.
  cmake -S "$root" -B "$root/$dir" -DCMAKE_BUILD_TYPE=Release -DGANSCOPE_SANITIZE="$kind" -DGANSCOPE_CUDA=OFF \
    -DGANSCOPE_NATIVE=OFF "$@" \
    >"$root/$dir/configure.log" || { cat "$root/$dir/configure.log"; return 1; }
}

# No training thread may spread over OpenMP: GCC's libgomp is not instrumented, so TSan would
# report its internals. Session already pins OpenMP to one thread; this covers the rest.
export OMP_NUM_THREADS=1
# Mesa's llvmpipe renders on its own threads and fills a shader cache from another; neither is
# instrumented. Rendering on the calling thread keeps them out of TSan's view (and out of the way).
export LP_NUM_THREADS=0 MESA_SHADER_CACHE_DISABLE=true mesa_glthread=false
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:suppressions=$root/tests/sanitizers/ubsan.supp"
export ASAN_OPTIONS="detect_leaks=1:strict_init_order=1:check_initialization_order=1"
export LSAN_OPTIONS="suppressions=$root/tests/sanitizers/lsan.supp"
export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$root/tests/sanitizers/tsan.supp"

for kind in "${kinds[@]}"; do
  case "$kind" in
    address)
      echo "== ASan + UBSan: build-asan"
      configure build-asan address -DGANSCOPE_GUI=OFF
      # Only what runs: the slow behaviour tests are built (and run) with GANSCOPE_SANITIZE_SLOW=1.
      # Selected by label: a test executable that was not built registers an unlabelled
      # "<name>_NOT_BUILT" test, which -L leaves out.
      labels=(-L "^unit")
      targets=(ganscope)
      known="$(cmake --build build-asan --target help)"  # tests/CMakeLists.txt leaves some out here
      for f in tests/*_test.cpp; do
        name="$(basename "$f" .cpp)"
        [[ "$name" == gui_* ]] && continue
        [[ "$name" == *_slow_test && "${GANSCOPE_SANITIZE_SLOW:-0}" != 1 ]] && continue
        grep -qw -- "$name" <<<"$known" || continue
        targets+=("$name")
      done
      [[ "${GANSCOPE_SANITIZE_SLOW:-0}" == 1 ]] && labels=(-L "^(unit|slow)")
      cmake --build build-asan -j"$jobs" --target "${targets[@]}"
      ctest --test-dir build-asan --output-on-failure -j"$jobs" --timeout 300 "${labels[@]}"
      ;;
    thread)
      echo "== TSan: build-tsan"
      configure build-tsan thread
      # Only what the threaded tests need (they run the ganscope binary too).
      cmake --build build-tsan -j"$jobs" --target session_test session_timeline_test session_save_test \
        preset_stories_test gui_panels_test gui_window_test gui_export_test gui_input_queue_test gui_record_test \
        gui_render_test gui_session_test gui_timeline_test gui_screenshot_test parallel_backend_test ensemble_test
      xvfb-run -a -s "-screen 0 1920x1080x24" \
        ctest --test-dir build-tsan --output-on-failure -j"$jobs" --timeout 300 -L threads
      ;;
    *)
      echo "sanitize.sh: unknown kind '$kind' (address or thread)" >&2
      exit 2
      ;;
  esac
done
