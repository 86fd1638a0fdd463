#!/usr/bin/env bash
# bench/ldap.sh: entries per second of the `ldap` format into a local slapd (mdb backend,
# the shipped schema, a throwaway configuration on 127.0.0.1), for a first load of
# 2 × --pupils people (each pupil with one relative) and a delta (1 % of the pupils
# moved to another class, 0.1 % marked for deletion, 0.1 % deleted).
#
#   bench/ldap.sh [--pupils N (50000)] [--window N (64)] [--workdir DIR (/tmp/aafd-bench-ldap)]
#                 [--bench PATH (build/bench/aafd-bench-ldap)] [--nosync] [--writemap]
#
# --nosync: mdb's `dbnosync` (no fsync per write transaction), to see what the disk's
# flushes cost; a production directory keeps them. --writemap: mdb's `envflags writemap`
# (pages written through the memory map rather than by write calls): with --nosync, the
# setting for a first load of a directory, switched back afterwards.
#
# Needs slapd (Debian package slapd). Disk: about 4 KB per person.
set -euo pipefail

pupils=50000
window=64
workdir=/tmp/aafd-bench-ldap
bench=build/bench/aafd-bench-ldap
nosync=
writemap=
while [ $# -gt 0 ]; do
    case "$1" in
    --pupils) pupils=${2:?}; shift 2 ;;
    --window) window=${2:?}; shift 2 ;;
    --workdir) workdir=${2:?}; shift 2 ;;
    --bench) bench=${2:?}; shift 2 ;;
    --nosync) nosync=dbnosync; shift ;;
    --writemap) writemap="envflags writemap"; shift ;;
    *) echo "usage: bench/ldap.sh [--pupils N] [--window N] [--workdir DIR] [--bench PATH] [--nosync] [--writemap]" >&2
       exit 64 ;;
    esac
done
schema=$(realpath "$(dirname "$0")/../schema/aafd-sdet.schema")
bench=$(realpath "$bench")
[ -x "$bench" ] || { echo "no benchmark at $bench (build aafd-bench-ldap)" >&2; exit 66; }

rm -rf "$workdir"
mkdir -p "$workdir/db"
workdir=$(realpath "$workdir")
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
slapd_pid=
cleanup() {
    if [ -n "$slapd_pid" ]; then kill "$slapd_pid" 2>/dev/null || true; wait "$slapd_pid" 2>/dev/null || true; fi
    rm -rf "$workdir/db"
}
trap cleanup EXIT

cat > "$workdir/slapd.conf" <<CONF
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
include $schema
pidfile $workdir/slapd.pid
modulepath /usr/lib/ldap
moduleload back_mdb
database mdb
maxsize 17179869184
suffix "dc=bench"
rootdn "cn=aafd,dc=bench"
rootpw bench-secret
directory $workdir/db
index objectClass eq
$nosync
$writemap
CONF
printf 'dn: dc=bench\nobjectClass: dcObject\nobjectClass: organization\ndc: bench\no: bench\n\n' > "$workdir/base.ldif"
for ou in people structures; do
    printf 'dn: ou=%s,dc=bench\nobjectClass: organizationalUnit\nou: %s\n\n' $ou $ou >> "$workdir/base.ldif"
done
/usr/sbin/slapadd -q -f "$workdir/slapd.conf" -l "$workdir/base.ldif"
printf 'bench-secret' > "$workdir/password"
chmod 600 "$workdir/password"
/usr/sbin/slapd -d 0 -f "$workdir/slapd.conf" -h "ldap://127.0.0.1:$port/" 2> "$workdir/slapd.log" &
slapd_pid=$!
for _ in $(seq 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    sleep 0.1
done
"$bench" --pupils "$pupils" --window "$window" --url "ldap://127.0.0.1:$port/" \
    --bind-dn cn=aafd,dc=bench --password-file "$workdir/password" \
    --base-dn ou=people,dc=bench --structures-dn ou=structures,dc=bench
