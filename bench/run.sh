#!/usr/bin/env bash
# bench/run.sh: the reproducible import benchmark of bench/README.md. Builds Release,
# generates a whole académie with aafd-gen (seeded: the same bytes on every run), then in
# one run measures, each under /usr/bin/time -v (wall time, CPU, peak RSS):
#   parsing alone (raw pugixml: the floor; aafd's reader), a bare SQLite bulk load of as
#   many rows as records (the object rows alone, then with the journal and reference rows
#   aafd writes beside them, still without an index; those again through a rollback
#   journal), the first full import, the first `aafd feed deliver` (provisioning every
#   account, three providers: all schools, a quarter, a tenth), a snapshot of the
#   all-schools provider, a second full import of identical content dated a week later
#   (nothing changed) and its feeds, then the daily cycle: a delta touching about 1 % of
#   people and its feeds.
# Prints a Markdown table (also written to WORKDIR/results.md); the raw outputs stay in
# WORKDIR/logs/. Reports against the targets of issue 2 but asserts nothing: the exit
# status says only whether every step ran.
#
#   bench/run.sh [--pupils N (1000000)] [--workdir DIR (/tmp/aafd-bench)] [--keep]
#                [--prebuilt DIR]
#
# --prebuilt DIR: measure the binaries of a build tree already built (the targets aafd,
# aafd-gen, aafd-bench-parse, aafd-bench-sqlite) instead of building Release: for a
# RelWithDebInfo tree (-O2 -g, the same code as -O2 Release) on a machine too busy for a
# second whole build.
#
# Needs the packages of scripts/install-deps.sh (time, sqlite3 among them). Disk: about
# 15 KB per pupil in WORKDIR while it runs (exports, store, WAL); the big files are removed
# at the end unless --keep.
set -euo pipefail

pupils=1000000
workdir=/tmp/aafd-bench
keep=0
prebuilt=

usage() {
    echo "usage: bench/run.sh [--pupils N] [--workdir DIR] [--keep] [--prebuilt DIR]"
}

while [ $# -gt 0 ]; do
    case "$1" in
    --pupils)
        pupils=${2:?--pupils needs a value}
        shift 2
        ;;
    --workdir)
        workdir=${2:?--workdir needs a value}
        shift 2
        ;;
    --keep)
        keep=1
        shift
        ;;
    --prebuilt)
        prebuilt=${2:?--prebuilt needs a build folder}
        shift 2
        ;;
    -h | --help)
        usage
        exit 0
        ;;
    *)
        echo "run.sh: unknown argument $1" >&2
        usage >&2
        exit 64
        ;;
    esac
done
if ! [[ "$pupils" =~ ^[1-9][0-9]*$ ]]; then
    echo "run.sh: --pupils wants a positive whole number, not $pupils" >&2
    exit 64
fi

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=$repo/build-bench
mkdir -p "$workdir"
workdir=$(cd "$workdir" && pwd)
logs=$workdir/logs
results=$workdir/results.md

# The académie: one seed, three dates. D's full set is imported first; D+7's full set (a
# series starting on D+7, same seed) has the same records; the series' first delta (D+8)
# touches about 1 % of people. The series' closing full set (D+14) is not used.
seed=86
first_date=20250907
second_date=20250914
delta_date=20250915
gen_first=$workdir/gen-first
gen_series=$workdir/gen-series
full_first=$gen_first/$first_date-Complet
full_second=$gen_series/$second_date-Complet
delta=$gen_series/$delta_date-Delta
store=$workdir/store.db
config=$workdir/aafd.toml

say() { echo "==> $(date +%H:%M:%S) $*" >&2; }
die() {
    echo "run.sh: $*" >&2
    exit 1
}

remove_big_files() {
    rm -rf "$gen_first" "$gen_series"
    rm -f "$store" "$store-wal" "$store-shm" "$workdir/aafd-bench-sqlite.db"*
    rm -rf "$workdir/spool" "$workdir/outbox" "$workdir/audit"
}

cleanup() {
    if [ "$keep" = 1 ]; then
        echo "run.sh: kept the exports and the store in $workdir (--keep)" >&2
    else
        remove_big_files
    fi
}

for tool in /usr/bin/time cmake ninja sqlite3; do
    command -v "$tool" >/dev/null || die "$tool is missing: run scripts/install-deps.sh"
done

# --- disk -------------------------------------------------------------------------------
needed_kb=$((pupils * 15))
available_kb=$(df -Pk "$workdir" | awk 'NR == 2 { print $4 }')
if [ "$available_kb" -lt "$needed_kb" ]; then
    die "$workdir has $((available_kb / 1024)) MiB free, the run needs about $((needed_kb / 1024)) MiB"
fi

load_at_start=$(cut -d ' ' -f 1-3 /proc/loadavg)
remove_big_files
rm -rf "$logs"
mkdir -p "$logs"
trap cleanup EXIT

# --- build --------------------------------------------------------------------------------
# -O2, not CMake's Release -O3: g++ 12 at -O3 raises a false -Wrestrict (GCC bug 105329)
# on std::string concatenation in parsers/, and warnings are errors. -O2 is also what
# Debian builds its packages with.
# What is built: the commit, and whether the working tree differs from it (read only).
git_state=$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ -n "$(git -C "$repo" status --porcelain --untracked-files=no 2>/dev/null)" ]; then
    git_state="$git_state + uncommitted changes"
fi
if [ -n "$prebuilt" ]; then
    build=$(cd "$prebuilt" && pwd)
    git_state="$git_state, binaries of $build (not rebuilt: --prebuilt)"
    say "using the binaries already built in $build"
else
    say "building Release in $build"
    if ! {
        cmake -S "$repo" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DAAFD_TESTS=OFF \
            "-DCMAKE_CXX_FLAGS_RELEASE=-O2 -DNDEBUG" &&
            cmake --build "$build" --target aafd aafd-gen aafd-bench-parse aafd-bench-sqlite
    } >"$logs/build.log" 2>&1; then
        tail -n 30 "$logs/build.log" >&2
        die "the build failed (whole log: $logs/build.log)"
    fi
fi
aafd=$build/daemon/aafd
aafd_gen=$build/fixtures/aafd-gen
bench_parse=$build/bench/aafd-bench-parse
bench_sqlite=$build/bench/aafd-bench-sqlite
for binary in "$aafd" "$aafd_gen" "$bench_parse" "$bench_sqlite"; do
    [ -x "$binary" ] || die "$binary is missing"
done

# --- generate -----------------------------------------------------------------------------
say "generating $pupils pupils (seed $seed): full set $first_date"
generate_started=$(date +%s)
"$aafd_gen" --out "$gen_first" --seed "$seed" --pupils "$pupils" --start "$first_date" \
    >"$logs/generate-first.log"
say "generating the same académie from $second_date: full set, 1 delta (--change-percent 1)"
"$aafd_gen" --out "$gen_series" --seed "$seed" --pupils "$pupils" --start "$second_date" \
    --series --deltas 1 --change-percent 1 >"$logs/generate-series.log"
generate_seconds=$(($(date +%s) - generate_started))
for dir in "$gen_series"/*-Complet; do
    [ "$dir" = "$full_second" ] || rm -rf "$dir" # the series' closing full set
done
for dir in "$full_first" "$full_second" "$delta"; do
    [ -d "$dir" ] || die "aafd-gen did not write $dir (see $logs/generate-*.log)"
done

# D+7 must hold the same records as D. Chunk boundaries may differ (aafd-gen varies chunk
# sizes), so compare per flow and category the records of all chunks in order, without
# the files' headers (whose dateGenerationExport differs) and blank lines.
record_lines() {
    LC_ALL=C grep -hv -e '^<?xml' -e '^<!DOCTYPE' -e '^<!--' -e '^<ficAlimMENESR' \
        -e '^</ficAlimMENESR' -e '^[[:space:]]*$' "$@"
}
say "checking that $second_date holds the same records as $first_date"
groups() {
    find "$1" -name '*.xml' -printf '%f\n' | sed 's/_Complet_[0-9]*_/ /; s/_[0-9]*\.xml$//' | sort -u
}
[ "$(groups "$full_first")" = "$(groups "$full_second")" ] ||
    die "$full_first and $full_second do not hold the same categories"
while read -r prefix category; do
    cmp -s <(record_lines "$full_first/${prefix}_Complet_${first_date}_${category}"_*.xml) \
        <(record_lines "$full_second/${prefix}_Complet_${second_date}_${category}"_*.xml) ||
        die "$prefix $category: the records of $second_date differ from those of $first_date"
done < <(groups "$full_first")

# --- measure --------------------------------------------------------------------------------
# measure NAME COMMAND...: runs COMMAND under /usr/bin/time -v; logs/NAME.{out,err,time}.
measure() {
    local name=$1
    shift
    say "measuring $name"
    if ! /usr/bin/time -v -o "$logs/$name.time" "$@" >"$logs/$name.out" 2>"$logs/$name.err"; then
        tail -n 20 "$logs/$name.err" >&2
        die "$name failed (logs: $logs/$name.*)"
    fi
}
# step_seconds NAME: the seconds a benchmark program measured itself (finer than
# /usr/bin/time's hundredths), else the wall time of the whole process.
step_seconds() {
    local own
    own=$(bench_field "$1" seconds 2>/dev/null || true)
    if [ -n "$own" ]; then echo "$own"; else wall_seconds "$1"; fi
}
wall_seconds() {
    awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0
        for (i = 1; i <= n; i++) s = s * 60 + p[i]; printf "%.2f\n", s }' "$logs/$1.time"
}
cpu_seconds() {
    awk -F': ' '/User time \(seconds\)|System time \(seconds\)/ { s += $2 } END { printf "%.2f\n", s }' \
        "$logs/$1.time"
}
peak_mib() {
    awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$logs/$1.time"
}
# bench_field NAME KEY: KEY=value from a benchmark program's result line.
bench_field() {
    [ -f "$logs/$1.out" ] && tr ' ' '\n' <"$logs/$1.out" | sed -n "s/^$2=//p" | head -n 1
}
# import_total NAME COLUMN: sum over the sets of one column of the report's total rows
# (2 records, 3 created, 4 updated, 5 unchanged, 6 restored, 7 disappeared, 8 upserts).
import_total() {
    awk -v column="$2" '$1 == "total" { s += $column } END { printf "%.0f\n", s }' "$logs/$1.out"
}
flows_in() { find "$1" -name '*.xml' -printf '%f\n' | grep -o '^ENT[12]D' | sort -u | wc -l; }
files_in() { find "$1" -name '*.xml' | wc -l; }
bytes_in() { find "$1" -name '*.xml' -printf '%s\n' | awk '{ s += $1 } END { printf "%.0f\n", s }'; }
check_applied() {
    grep -q 'NOT applied' "$logs/$1.out" && die "$1: a set was not applied (see $logs/$1.out)"
    [ "$(grep -c ': applied as set #' "$logs/$1.out")" -eq "$2" ] ||
        die "$1: expected $2 applied sets (see $logs/$1.out)"
}

# warm PATH...: reads files (or the .xml files of folders) so that the next step finds them
# in the page cache. Just before each step: this machine's kernel reclaims page cache that
# has not been touched for a while, even with plenty of free memory.
warm() {
    local path
    for path in "$@"; do
        if [ -d "$path" ]; then
            find "$path" -name '*.xml' -exec cat {} + >/dev/null
        elif [ -f "$path" ]; then
            cat "$path" >/dev/null
        fi
    done
}

warm "$full_first"
measure parse-pugixml "$bench_parse" --mode pugixml "$full_first"
warm "$full_first"
measure parse-aafd "$bench_parse" --mode aafd "$full_first"
warm "$delta"
measure parse-delta-pugixml "$bench_parse" --mode pugixml "$delta"
# The feeds' configuration: the store above, three providers over the académie's schools
# (every one, the first quarter, the last tenth, in UAI order).
uais=$(grep -ho 'ENTStructureUAI"><value>[0-9A-Z]*' "$full_first"/*EtabEducNat*.xml | sed 's/.*>//' |
    sort -u)
schools=$(echo "$uais" | wc -l)
toml_list() { sed 's/.*/"&"/' | paste -sd ','; }
{
    echo "[store]"
    echo "path = \"$store\""
    echo "[spool]"
    echo "path = \"$workdir/spool\""
    echo "[audit]"
    echo "dir = \"$workdir/audit\""
    for provider in all quarter tenth; do
        case $provider in
        all) list=$(echo "$uais" | toml_list) ;;
        quarter) list=$(echo "$uais" | head -n $(((schools + 3) / 4)) | toml_list) ;;
        tenth) list=$(echo "$uais" | tail -n $(((schools + 9) / 10)) | toml_list) ;;
        esac
        echo "[[provider]]"
        echo "name = \"$provider\""
        echo "schools = [$list]"
        echo "outbox = \"$workdir/outbox/$provider\""
    done
} >"$config"

warm "$full_first"
measure import-first "$aafd" import --store "$store" --source bench "$full_first"
check_applied import-first "$(flows_in "$full_first")"
payload=$(sqlite3 "$store" "SELECT CAST(avg(length(attributes)) AS INTEGER) FROM object")
[ "${payload:-0}" -ge 32 ] || payload=32
store_mib_first=$(du -cm "$store"* | awk 'END { print $1 }')
warm "$store" "$store-wal"
measure feed-first "$aafd" feed deliver --config "$config" --log-level warn
measure snapshot "$aafd" feed snapshot --config "$config" --log-level warn all
measure sqlite "$bench_sqlite" --dir "$workdir" --payload "$payload" \
    "$(bench_field parse-pugixml records)"
references=$(sqlite3 "$store" "SELECT printf('%.2f', (SELECT count(*) FROM reference) * 1.0 /
    max(1, (SELECT count(*) FROM object)))")
measure sqlite-rows "$bench_sqlite" --dir "$workdir" --payload "$payload" --aafd-rows \
    --references-per-object "$references" "$(bench_field parse-pugixml records)"
measure sqlite-rows-rollback "$bench_sqlite" --dir "$workdir" --payload "$payload" --aafd-rows \
    --references-per-object "$references" --journal-mode DELETE \
    "$(bench_field parse-pugixml records)"
measure sqlite-schema "$bench_sqlite" --dir "$workdir" --payload "$payload" --aafd-schema \
    --references-per-object "$references" --journal-mode DELETE \
    "$(bench_field parse-pugixml records)"
warm "$full_second" "$store" "$store-wal"
measure import-unchanged "$aafd" import --store "$store" --source bench "$full_second"
check_applied import-unchanged "$(flows_in "$full_second")"
measure feed-unchanged "$aafd" feed deliver --config "$config" --log-level warn
warm "$delta" "$store" "$store-wal"
measure import-delta "$aafd" import --store "$store" --source bench "$delta"
check_applied import-delta "$(flows_in "$delta")"
measure feed-delta "$aafd" feed deliver --config "$config" --log-level warn
store_mib_last=$(du -cm "$store"* | awk 'END { print $1 }')

# --- report -----------------------------------------------------------------------------------
full_files=$(files_in "$full_first")
full_bytes=$(bytes_in "$full_first")
delta_files=$(files_in "$delta")
delta_bytes=$(bytes_in "$delta")
floor_full=$(step_seconds parse-pugixml)

# row LABEL NAME FILES BYTES RECORDS FLOOR_STEP: one line of the table.
row() {
    awk -v label="$1" -v files="$3" -v bytes="$4" -v records="$5" \
        -v floor="$(step_seconds "$6")" -v floor_cpu="$(cpu_seconds "$6")" \
        -v seconds="$(step_seconds "$2")" -v cpu="$(cpu_seconds "$2")" -v rss="$(peak_mib "$2")" \
        'BEGIN {
            s = seconds > 0 ? seconds : 0.01
            floor = floor > 0 ? floor : 0.01
            # CPU seconds come in hundredths: too coarse for a ratio under 0.05 s
            cpu_ratio = floor_cpu >= 0.05 ? sprintf("%.2f×", cpu / floor_cpu) : "—"
            mb = bytes > 0 ? sprintf("%.0f", bytes / 1e6) : "—"
            mbs = bytes > 0 ? sprintf("%.1f", bytes / 1e6 / s) : "—"
            fl = files > 0 ? files : "—"
            printf "| %s | %s | %s | %d | %.2f | %.2f | %.0f | %s | %d | %.2f× | %s |\n",
                label, fl, mb, records, seconds, cpu, records / s, mbs, rss, seconds / floor,
                cpu_ratio
        }'
}

first_records=$(import_total import-first 2)
unchanged_records=$(import_total import-unchanged 2)
delta_records=$(import_total import-delta 2)
ratio() { awk -v a="$(wall_seconds "$1")" -v b="$2" 'BEGIN { printf "%.2f", a / (b > 0 ? b : 0.01) }'; }
verdict() { awk -v v="$1" -v t="$2" 'BEGIN { print (v <= t ? "met" : "MISSED") }'; }
cpu_ratio() { awk -v a="$(cpu_seconds "$1")" -v b="$(cpu_seconds "$2")" 'BEGIN { printf "%.2f", a / (b > 0 ? b : 0.01) }'; }
ratio_first=$(ratio import-first "$floor_full")
# feed_lines NAME: the lines `feed deliver` built, over the providers.
feed_lines() { sed -n 's/^[a-z]*: [a-z]*, \([0-9]*\) lines built.*/\1/p' "$logs/$1.out" | awk '{ s += $1 } END { print s + 0 }'; }
snapshot_lines() { sed -n 's/^all: snapshot of \([0-9]*\) accounts$/\1/p' "$logs/snapshot.out"; }
ratio_feed=$(ratio feed-first "$(wall_seconds import-first)")
ratio_snapshot=$(ratio snapshot "$(wall_seconds import-first)")
ratio_schema=$(ratio import-first "$(step_seconds sqlite-schema)")
daily=$(awk -v a="$(wall_seconds import-delta)" -v b="$(wall_seconds feed-delta)" 'BEGIN { printf "%.2f", a + b }')
ratio_unchanged=$(ratio import-unchanged "$floor_full")
cpu_ratio_first=$(cpu_ratio import-first parse-pugixml)
cpu_ratio_unchanged=$(cpu_ratio import-unchanged parse-pugixml)
rss_max=$(for step in import-first feed-first snapshot import-unchanged feed-unchanged import-delta \
    feed-delta; do peak_mib $step; echo; done |
    sort -n | tail -n 1)
set_durations() {
    sed -n 's/^set \([^:]*\): applied as set #[0-9]* (\(.*\))$/\1 (\2)/p' "$logs/$1.out" |
        paste -sd ';' | sed 's/;/; /g'
}

{
    echo "## aafd import benchmark, $pupils pupils ($(date -u +'%Y-%m-%d %H:%M UTC'))"
    echo
    echo "- machine: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)," \
        "$(free -g | awk '/^Mem:/ { print $2 " GiB RAM, " $7 " GiB available" }')," \
        "load average $load_at_start at the start, $(cut -d ' ' -f 1-3 /proc/loadavg) at the end"
    echo "- system: $(sed -n 's/^PRETTY_NAME="\(.*\)"$/\1/p' /etc/os-release), kernel $(uname -r)," \
        "$(g++ --version | head -n 1), SQLite $(sqlite3 --version | cut -d ' ' -f 1)," \
        "pugixml $(dpkg-query -W -f '${Version}' libpugixml-dev 2>/dev/null || echo '?')"
    if [ -n "$prebuilt" ]; then
        echo "- aafd: commit $git_state"
    else
        echo "- aafd: commit $git_state when built, Release (-O2) in build-bench/"
    fi
    echo "- académie: aafd-gen --seed $seed --pupils $pupils, 1D + 2D: $full_files files," \
        "$((full_bytes / 1000000)) MB, $first_records records per full set; delta" \
        "$delta_files files, $((delta_bytes / 1000)) kB, $delta_records records" \
        "(generated in ${generate_seconds} s); inputs and store read once just before each step"
    echo
    echo "| step | files | MB | records | wall s | CPU s | records/s | MB/s | peak RSS MiB | × parse | × parse, CPU |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|"
    row "parse full set: raw pugixml (floor)" parse-pugixml "$full_files" "$full_bytes" \
        "$(bench_field parse-pugixml records)" parse-pugixml
    row "parse full set: aafd reader" parse-aafd "$full_files" "$full_bytes" \
        "$(bench_field parse-aafd records)" parse-pugixml
    row "SQLite bare bulk load (${payload}-byte payload)" sqlite 0 0 \
        "$(bench_field sqlite records)" parse-pugixml
    row "SQLite bare load of aafd's rows (+ journal, $references references each)" sqlite-rows \
        0 0 "$(bench_field sqlite-rows records)" parse-pugixml
    row "the same through a rollback journal, as aafd's first set of a flow" \
        sqlite-rows-rollback 0 0 "$(bench_field sqlite-rows-rollback records)" parse-pugixml
    row "the same into aafd's schema (every key and index), 256 rows an INSERT" \
        sqlite-schema 0 0 "$(bench_field sqlite-schema records)" parse-pugixml
    row "first full import ($first_date)" import-first "$full_files" "$full_bytes" \
        "$first_records" parse-pugixml
    row "unchanged full import ($second_date)" import-unchanged "$full_files" "$full_bytes" \
        "$unchanged_records" parse-pugixml
    row "parse delta: raw pugixml (floor)" parse-delta-pugixml "$delta_files" "$delta_bytes" \
        "$(bench_field parse-delta-pugixml records)" parse-delta-pugixml
    row "1 % delta import ($delta_date)" import-delta "$delta_files" "$delta_bytes" \
        "$delta_records" parse-delta-pugixml
    row "first feed deliver: provisioning, 3 providers ($(feed_lines feed-first) lines)" feed-first \
        0 0 "$(feed_lines feed-first)" parse-pugixml
    row "snapshot of the all-schools provider" snapshot 0 0 "$(snapshot_lines)" parse-pugixml
    row "feeds after the unchanged import" feed-unchanged 0 0 "$(feed_lines feed-unchanged)" \
        parse-pugixml
    row "feeds after the 1 % delta" feed-delta 0 0 "$(feed_lines feed-delta)" parse-pugixml
    echo
    echo "wall s: as measured by the benchmark program itself for the parse and SQLite lines,"
    echo "by /usr/bin/time for the imports (the whole aafd process). × parse: wall s over the"
    echo "raw pugixml parse of the same files (the delta over the delta's own files); × parse,"
    echo "CPU: the same with user + system CPU seconds, steadier on a shared machine. Targets (issue 2): first import ≤ 3×: **$ratio_first×, $(verdict "$ratio_first" 3)**" \
        "(CPU $cpu_ratio_first×); unchanged full import ≤ 1.5×: **$ratio_unchanged×," \
        "$(verdict "$ratio_unchanged" 1.5)** (CPU $cpu_ratio_unchanged×);" \
        "peak RSS ≤ 512 MiB: **$rss_max MiB, $(verdict "$rss_max" 512)**."
    echo
    echo "Targets (issue 16): first feed deliver ≤ 1.0× the first import: **$ratio_feed×," \
        "$(verdict "$ratio_feed" 1.0)** (CPU $(cpu_ratio feed-first import-first)×); snapshot ≤" \
        "0.5× the first import: **$ratio_snapshot×, $(verdict "$ratio_snapshot" 0.5)** (CPU" \
        "$(cpu_ratio snapshot import-first)×), peak RSS ≤ 256 MiB: **$(peak_mib snapshot) MiB," \
        "$(verdict "$(peak_mib snapshot)" 256)**; daily cycle (delta import + its feeds) ≤ 10 s:" \
        "**$daily s, $(verdict "$daily" 10)**; 1 % delta import ≤ 2 s: **$(wall_seconds import-delta) s," \
        "$(verdict "$(wall_seconds import-delta)" 2)**; first import ≤ 1.4× the \"same into" \
        "aafd's schema\" line: **$ratio_schema×, $(verdict "$ratio_schema" 1.4)**."
    echo
    echo "- first import: created $(import_total import-first 3); $(set_durations import-first)"
    echo "- unchanged import: unchanged $(import_total import-unchanged 5), created" \
        "$(import_total import-unchanged 3), updated $(import_total import-unchanged 4)," \
        "disappeared $(import_total import-unchanged 7); $(set_durations import-unchanged)"
    echo "- delta: created $(import_total import-delta 3), updated $(import_total import-delta 4)," \
        "unchanged $(import_total import-delta 5), disappeared $(import_total import-delta 7);" \
        "$(set_durations import-delta)"
    echo "- store: $store_mib_first MiB with its WAL after the first import, $store_mib_last MiB at the end"
} >"$results"

cat "$results"
say "results in $results, raw outputs in $logs"
