#!/bin/sh
# Checks the aafd unit: `systemd-analyze verify` passes and the exposure rated by
# `systemd-analyze security --offline=true` is at most MAX. Run by ctest.
# Usage: check-unit.sh UNIT_FILE AAFD_BINARY MAX
set -eu
unit_in=$1 binary=$2 max=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
unit="$work/aafd.service"
sed "s|@AAFD_BINARY@|$binary|" "$unit_in" > "$unit"
cd "$work"
# --man=no: the man page is checked by its own install, not here.
systemd-analyze verify --man=no "$unit"
score=$(systemd-analyze security --offline=true --no-pager "$unit" |
    sed -n 's/.*Overall exposure level for aafd.service: \([0-9.]*\).*/\1/p')
echo "exposure: ${score:-unknown} (at most $max)"
[ -n "$score" ] && awk -v s="$score" -v m="$max" 'BEGIN { exit !(s <= m) }'
