#!/usr/bin/env bash
# Installs the dependencies, builds aafd, and imports the bundled demo académie
# (fixtures/demo: a generated 1D + 2D full set, five deltas, a later full set) into
# demo.db, printing each import report and then the store's status. No SSH server
# is needed.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j"$(nproc)" --target aafd
rm -f demo.db demo.db-wal demo.db-shm
./build/daemon/aafd import --store demo.db --source demo --audit-dir demo-audit fixtures/demo
./build/daemon/aafd status --store demo.db
