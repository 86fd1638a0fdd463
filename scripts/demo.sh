#!/usr/bin/env bash
# Installs the dependencies, builds aafd, and imports the bundled demo académie
# (fixtures/demo: a generated 1D + 2D full set, five deltas, a later full set) into
# demo.db, printing each import report and the store's status; then provisions the
# accounts and delivers two ENT providers' feeds into demo-outbox/ (each receives only
# its schools' people), and prints one provider's perimeter. No SSH server is needed.
# Everything it writes is under demo* in the repository (see .gitignore).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j"$(nproc)" --target aafd
rm -rf demo.db demo.db-wal demo.db-shm demo-spool demo-outbox
cat >demo.toml <<EOF
# Written by scripts/demo.sh: the demo académie and two ENT providers.
[store]
path = "$PWD/demo.db"
[spool]
path = "$PWD/demo-spool"
[audit]
dir = "$PWD/demo-audit"
[[source]]
name = "demo"
local_dir = "$PWD/fixtures/demo"
[[provider]]
name = "ecoles"
schools = ["0860101T", "0860102U"]
outbox = "$PWD/demo-outbox/ecoles"
[[provider]]
name = "college"
schools = ["0860105X"]
outbox = "$PWD/demo-outbox/college"
fields = ["login", "names", "schools", "classes"]
format = "csv"
EOF
aafd() { ./build/daemon/aafd "$@" --config demo.toml; }
aafd import fixtures/demo
aafd status
aafd feed deliver
ls -l demo-outbox/*
aafd report perimeter ecoles
