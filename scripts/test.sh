#!/usr/bin/env bash
# Installs the dependencies, then runs every check CI runs, in order, timing each stage:
#   normal  the build in build/ and the whole test suite (CTest)
#   asan    the build in build-asan/ with AddressSanitizer + UBSan, and the whole suite
#   tsan    the build in build-tsan/ with ThreadSanitizer, and the tests of the concurrent
#           parts: the block pipeline's reader thread, the fetch and its read watchdog,
#           the daemon's cycle and loop
#   fuzz    scripts/fuzz.sh: each libFuzzer target for AAFD_FUZZ_SECONDS (default 150)
# Usage: scripts/test.sh                      (everything, as CI)
#        AAFD_QUICK=1 scripts/test.sh         (the normal stage only: for developers)
#        AAFD_STAGES="asan tsan" scripts/test.sh   (the stages named)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh

stages=${AAFD_STAGES:-normal asan tsan fuzz}
[ "${AAFD_QUICK:-0}" = 1 ] && stages=normal
jobs=$(nproc)
launcher=()
if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi

configure() { # configure FOLDER [cmake options...]
    local folder=$1
    shift
    cmake -S . -B "$folder" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "${launcher[@]}" "$@"
}

normal() {
    configure build
    cmake --build build -j"$jobs"
    ctest --test-dir build -j"$jobs" --output-on-failure
}

asan() {
    configure build-asan -DAAFD_SANITIZE=ON
    cmake --build build-asan -j"$jobs"
    ctest --test-dir build-asan -j"$jobs" --output-on-failure
}

tsan() {
    configure build-tsan -DAAFD_TSAN=ON
    cmake --build build-tsan -j"$jobs" --target test_sync test_daemon aafd
    # Whole test files, run by doctest itself: ctest's names stop at a ';' in a test name.
    # halt_on_error: a race fails the run, with the report in its output.
    local -x TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1"
    build-tsan/tests/test_sync \
        --source-file='*/import/test_block_pipeline.cpp,*/test_fetch.cpp,*/test_fetch_and_import.cpp,*/test_network_faults.cpp'
    build-tsan/tests/test_daemon --source-file='*/test_daemon_cycle.cpp,*/test_daemon_process.cpp'
}

fuzz() {
    bash scripts/fuzz.sh "${AAFD_FUZZ_SECONDS:-150}"
}

report=()
for stage in $stages; do
    start=$SECONDS
    echo "=== stage $stage"
    "$stage"
    report+=("$(printf '%-7s %4d s' "$stage" $((SECONDS - start)))")
done
echo "=== all stages passed"
printf '%s\n' "${report[@]}"
