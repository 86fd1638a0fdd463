#!/usr/bin/env bash
# Installs the dependencies, builds aafd and runs the whole test suite with CTest.
# Usage: scripts/test.sh            (build in build/)
#        AAFD_SANITIZE=ON scripts/test.sh   (ASan + UBSan build in build-asan/)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
sanitize=${AAFD_SANITIZE:-OFF}
build=build
[ "$sanitize" = ON ] && build=build-asan
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DAAFD_SANITIZE="$sanitize"
cmake --build "$build" -j"$(nproc)"
ctest --test-dir "$build" -j"$(nproc)" --output-on-failure
