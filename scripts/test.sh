#!/usr/bin/env bash
# Installs the dependencies, then runs every check CI runs, in order, timing each stage
# and each stage's build and tests:
#   asan    the build in build-asan/ with AddressSanitizer + UBSan, and the whole test
#           suite (CTest): the normal run, under the sanitizers
#   tsan    the build in build-tsan/ with ThreadSanitizer of the tests of the concurrent
#           parts only (one binary, test_concurrent): the block pipeline's reader thread,
#           the fetch and its read watchdog, the daemon's cycle and loop
#   fuzz    scripts/fuzz.sh: each libFuzzer target for AAFD_FUZZ_SECONDS (default 150)
#   normal  the plain build in build/ and the whole suite: what AAFD_QUICK=1 runs
# Usage: scripts/test.sh                      (asan tsan fuzz, as CI)
#        AAFD_QUICK=1 scripts/test.sh         (the normal stage only: for developers)
#        AAFD_STAGES="asan tsan" scripts/test.sh   (the stages named)
# The sample exports (../shared/aaf-samples, or AAFD_SAMPLES_DIR): their tests are skipped
# and counted when the folder is missing, except in CI, where a missing folder fails them.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
if [ "${CI:-}" = true ]; then export AAFD_REQUIRE_SAMPLES=1; fi

stages=${AAFD_STAGES:-asan tsan fuzz}
[ "${AAFD_QUICK:-0}" = 1 ] && stages=normal
jobs=$(nproc)
launcher=()
if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
# The sanitizer builds: optimised enough for the tests' speed, line tables only for the
# reports' stacks (full debug information doubles their compile and link time).
sanitizer_flags=(-DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG")

configure() { # configure FOLDER [cmake options...]
    local folder=$1
    shift
    cmake -S . -B "$folder" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DAAFD_WERROR=ON \
        "${launcher[@]}" "$@"
}

timed() { # timed LABEL COMMAND...: runs the command, then prints how long it took
    local label=$1 start=$SECONDS
    shift
    "$@"
    echo "--- $label: $((SECONDS - start)) s"
}

summary=() # the closing lines: each stage's time, each suite's counts

suite() { # suite FOLDER: the whole CTest suite of a build, its counts kept for the summary
    local log=$1/ctest.log
    ctest --test-dir "$1" -j"$jobs" --output-on-failure | tee "$log"
    summary+=("$1: $(grep -m1 'tests passed' "$log"), $(grep -c '(Skipped)$' "$log" || true) skipped")
}

normal() {
    configure build
    timed "normal build" cmake --build build -j"$jobs"
    timed "normal tests" suite build
}

asan() {
    configure build-asan -DAAFD_SANITIZE=ON "${sanitizer_flags[@]}"
    timed "asan build" cmake --build build-asan -j"$jobs"
    timed "asan tests" suite build-asan
}

tsan() {
    configure build-tsan -DAAFD_TSAN=ON "${sanitizer_flags[@]}"
    timed "tsan build" cmake --build build-tsan -j"$jobs" --target test_concurrent aafd
    # halt_on_error: a race fails the run, with the report in its output.
    local -x TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1"
    timed "tsan tests" build-tsan/tests/test_concurrent
}

fuzz() {
    bash scripts/fuzz.sh "${AAFD_FUZZ_SECONDS:-150}"
}

for stage in $stages; do
    start=$SECONDS
    echo "=== stage $stage"
    "$stage"
    summary+=("$(printf 'stage %-7s %4d s' "$stage" $((SECONDS - start)))")
    echo "=== stage $stage passed in $((SECONDS - start)) s"
done
echo "=== all stages passed"
printf '%s\n' "${summary[@]}"
