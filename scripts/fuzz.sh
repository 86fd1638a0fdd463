#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/ with clang (in build-fuzz/) and runs them side by
# side for a bounded time, seeded with the kept corpus fuzz/corpus/<target>/, the inputs of
# past bugs in fuzz/regressions/<target>/, the samples of ../shared/aaf-samples/ and the
# demo académie of fixtures/demo/. The kept corpus is then replaced by the smallest set of
# inputs, old and new, that covers as much (-merge=1): commit it if the run found new paths.
# Usage: scripts/fuzz.sh [seconds per target, default 150]
# A crash, a hang (-timeout) or runaway memory (-rss_limit_mb) fails the script and leaves
# the input in build-fuzz/findings/<target>/: fix the bug, add the input as a test and to
# fuzz/regressions/<target>/.
# Replay one input: build-fuzz/fuzz/fuzz_<target> <file>
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-150}
build=build-fuzz
cxx=${AAFD_FUZZ_CXX:-clang++-19} # clang 14's C++23 lacks the std::expected aafd uses
targets=(export_reader set_assembly)

launcher=()
if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
cmake -S . -B "$build" -G Ninja -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DAAFD_FUZZ=ON -DAAFD_TESTS=OFF "${launcher[@]}" >/dev/null
cmake --build "$build" -j"$(nproc)" --target "${targets[@]/#/fuzz_}"

samples=${AAFD_SAMPLES_DIR:-../shared/aaf-samples}
seed_folders=(fixtures/demo) # the folders of export files that seed the targets
if [ -d "$samples" ]; then seed_folders+=("$samples"); fi
seeds_of() { # the seed folders of a target, one a line
    case $1 in
    export_reader)
        printf '%s\n' "${seed_folders[@]}"
        ;;
    set_assembly) # lists of file names: one per delivery folder, and all of them
        local lists=$build/seeds/set_assembly
        rm -rf "$lists" && mkdir -p "$lists"
        local folder
        while read -r folder; do
            find "$folder" -maxdepth 1 -name '*.xml' -printf '%f\n' | sort \
                >"$lists/$(echo "$folder" | tr '/.' '__')"
        done < <(find "${seed_folders[@]}" -name '*.xml' -printf '%h\n' | sort -u)
        find "${seed_folders[@]}" -name '*.xml' -printf '%f\n' | sort >"$lists/all"
        echo "$lists"
        ;;
    esac
}

run() { # fuzzes one target, then merges what it found into the kept corpus
    local target=$1 binary=$build/fuzz/fuzz_$1 kept=fuzz/corpus/$1
    local work=$build/work/$1 findings=$build/findings/$1 log=$build/logs/$1.log
    rm -rf "$work" && mkdir -p "$work" "$findings" "$kept" "$(dirname "$log")"
    local limits=(-max_len=4096 -rss_limit_mb=2048 -timeout=10)
    mapfile -t seeds < <(seeds_of "$target")
    if [ -d "fuzz/regressions/$1" ]; then seeds+=("fuzz/regressions/$1"); fi
    if ! "$binary" "${limits[@]}" -max_total_time="$seconds" -print_final_stats=1 \
        -artifact_prefix="$findings/" "$work" "$kept" "${seeds[@]}" >"$log" 2>&1; then
        echo "fuzz_$target FAILED: input and log in $findings/ and $log" >&2
        tail -n 40 "$log" >&2
        return 1
    fi
    local merged=$build/merged/$1
    rm -rf "$merged" && mkdir -p "$merged"
    "$binary" "${limits[@]}" -merge=1 "$merged" "$kept" "$work" >>"$log" 2>&1
    rm -rf "$kept" && mv "$merged" "$kept"
    echo "fuzz_$target: $(grep -m1 -o 'stat::number_of_executed_units: [0-9]*' "$log" |
        cut -d' ' -f2) runs in ${seconds}s, corpus kept: $(find "$kept" -type f | wc -l) files," \
        "$(($(cat "$kept"/* | wc -c) / 1024)) KiB"
}

pids=()
for target in "${targets[@]}"; do
    run "$target" &
    pids+=($!)
done
status=0
for pid in "${pids[@]}"; do wait "$pid" || status=1; done
exit $status
