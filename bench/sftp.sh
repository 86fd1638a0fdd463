#!/usr/bin/env bash
# bench/sftp.sh: SFTP download throughput of `aafd fetch` against the OpenSSH client
# (`sftp -b`), on the same loopback sshd (throwaway keys, internal-sftp, as in the
# fetch tests) and the same file, in one run. Target (issue 3): aafd >= 1.0x sftp.
# Each client downloads the file --runs times (page cache warmed first); the best
# run of each is reported, as MB/s (10^6 bytes) and the ratio. Both copies are
# checked identical to the source.
#
#   bench/sftp.sh [--size-mb N (1024)] [--runs N (3)] [--workdir DIR (/tmp/aafd-bench-sftp)]
#                 [--aafd PATH (build/daemon/aafd)]
#
# Needs openssh-server and openssh-client. Disk: three times the file size in WORKDIR.
set -euo pipefail

size_mb=1024
runs=3
workdir=/tmp/aafd-bench-sftp
aafd=build/daemon/aafd

while [ $# -gt 0 ]; do
    case "$1" in
    --size-mb) size_mb=${2:?}; shift 2 ;;
    --runs) runs=${2:?}; shift 2 ;;
    --workdir) workdir=${2:?}; shift 2 ;;
    --aafd) aafd=${2:?}; shift 2 ;;
    *) echo "usage: bench/sftp.sh [--size-mb N] [--runs N] [--workdir DIR] [--aafd PATH]" >&2
       exit 64 ;;
    esac
done
aafd=$(realpath "$aafd")
[ -x "$aafd" ] || { echo "no aafd binary at $aafd (build it, or --aafd PATH)" >&2; exit 66; }

rm -rf "$workdir"
mkdir -p "$workdir/served" "$workdir/audit"
workdir=$(realpath "$workdir")
sshd_pid=
cleanup() {
    if [ -n "$sshd_pid" ]; then kill "$sshd_pid" 2>/dev/null || true; wait "$sshd_pid" 2>/dev/null || true; fi
    rm -rf "$workdir/served" "$workdir/spool" "$workdir/sftp.bin"
}
trap cleanup EXIT

user=$(id -un)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
ssh-keygen -q -t ed25519 -N '' -f "$workdir/host_ed25519"
ssh-keygen -q -t ed25519 -N '' -f "$workdir/client_ed25519"
cp "$workdir/client_ed25519.pub" "$workdir/authorized_keys"
cat > "$workdir/sshd_config" <<CONF
ListenAddress 127.0.0.1
Port $port
HostKey $workdir/host_ed25519
PidFile $workdir/sshd.pid
AuthorizedKeysFile $workdir/authorized_keys
StrictModes no
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
AllowUsers $user
Subsystem sftp internal-sftp
CONF
echo "[127.0.0.1]:$port $(cut -d' ' -f1,2 "$workdir/host_ed25519.pub")" > "$workdir/known_hosts"
[ "$(id -u)" = 0 ] && mkdir -p -m 0755 /run/sshd
/usr/sbin/sshd -D -e -f "$workdir/sshd_config" 2> "$workdir/sshd.log" &
sshd_pid=$!
for _ in $(seq 100); do grep -qs "Server listening" "$workdir/sshd.log" && break; sleep 0.1; done
grep -q "Server listening" "$workdir/sshd.log" || { cat "$workdir/sshd.log" >&2; exit 70; }

echo "creating a ${size_mb} MiB file..."
head -c "$((size_mb * 1024 * 1024))" /dev/urandom > "$workdir/served/big.bin"
touch -d '1 hour ago' "$workdir/served/big.bin"
bytes=$(stat -c %s "$workdir/served/big.bin")
source_sha=$(sha256sum "$workdir/served/big.bin" | cut -d' ' -f1)
cat "$workdir/served/big.bin" > /dev/null

cat > "$workdir/aafd.toml" <<CONF
[store]
path = "$workdir/aafd.db"
[spool]
path = "$workdir/spool"
[audit]
dir = "$workdir/audit"
[[source]]
name = "bench"
host = "127.0.0.1"
port = $port
user = "$user"
key = "$workdir/client_ed25519"
known_hosts = "$workdir/known_hosts"
remote_dir = "$workdir/served"
patterns = ["*.bin"]
CONF
echo "get $workdir/served/big.bin $workdir/sftp.bin" > "$workdir/batch"

now() { date +%s.%N; }
best_aafd=0
best_sftp=0
for run in $(seq "$runs"); do
    rm -rf "$workdir/spool"
    start=$(now)
    "$aafd" fetch --config "$workdir/aafd.toml" > "$workdir/aafd.out"
    end=$(now)
    t_aafd=$(echo "$end - $start" | bc -l)
    rm -f "$workdir/sftp.bin"
    start=$(now)
    sftp -q -b "$workdir/batch" -i "$workdir/client_ed25519" -P "$port" \
        -o UserKnownHostsFile="$workdir/known_hosts" -o GlobalKnownHostsFile=/dev/null \
        -o StrictHostKeyChecking=yes -o BatchMode=yes "$user@127.0.0.1" > /dev/null
    end=$(now)
    t_sftp=$(echo "$end - $start" | bc -l)
    mb_aafd=$(echo "$bytes / $t_aafd / 1000000" | bc -l)
    mb_sftp=$(echo "$bytes / $t_sftp / 1000000" | bc -l)
    printf 'run %d: aafd fetch %.2f s (%.0f MB/s), sftp -b %.2f s (%.0f MB/s)\n' \
        "$run" "$t_aafd" "$mb_aafd" "$t_sftp" "$mb_sftp"
    if [ "$(echo "$mb_aafd > $best_aafd" | bc -l)" = 1 ]; then best_aafd=$mb_aafd; fi
    if [ "$(echo "$mb_sftp > $best_sftp" | bc -l)" = 1 ]; then best_sftp=$mb_sftp; fi
done

[ "$(sha256sum "$workdir/spool/bench/ready/big.bin" | cut -d' ' -f1)" = "$source_sha" ] ||
    { echo "aafd's copy differs from the source" >&2; exit 70; }
[ "$(sha256sum "$workdir/sftp.bin" | cut -d' ' -f1)" = "$source_sha" ] ||
    { echo "sftp's copy differs from the source" >&2; exit 70; }
printf '\n%d MiB over loopback SFTP, best of %d: aafd fetch %.0f MB/s, OpenSSH sftp %.0f MB/s, ratio %.2fx (target >= 1.0x)\n' \
    "$size_mb" "$runs" "$best_aafd" "$best_sftp" "$(echo "$best_aafd / $best_sftp" | bc -l)"
