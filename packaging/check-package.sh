#!/bin/sh
# Checks what aafd installs and packages, from a built tree (the aafd_stripped target):
#   cmake --install --prefix P: the unit's ExecStart is P/bin/aafd, the binary stripped
#     with its debug information in a separate file it links to, the documentation,
#     example configuration and man page in place;
#   cpack -G DEB: aafd_*.deb and aafd-dbgsym_*.deb with those files under /usr, the
#     maintainer scripts, and a unit whose ExecStart is /usr/bin/aafd.
# Run by ctest (packaging_installs_and_packs); about 30 s, most of it dpkg-shlibdeps and
# compressing the debug package.
# Usage: check-package.sh BUILD_DIR
set -eu
build=$(cd "$1" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "check-package: $*" >&2; exit 1; }

check_tree() { # check_tree ROOT PREFIX: the installed files under ROOT, for PREFIX
    root=$1 prefix=$2
    for file in bin/aafd lib/systemd/system/aafd.service lib/sysusers.d/aafd.conf \
        lib/tmpfiles.d/aafd.conf share/man/man8/aafd.8 share/doc/aafd/README.md \
        share/doc/aafd/aafd.toml.example share/doc/aafd/feed.md share/doc/aafd/audit.md \
        share/doc/aafd/operations.md; do
        [ -f "$root$prefix/$file" ] || fail "$prefix/$file not installed"
    done
    grep -qx "ExecStart=$prefix/bin/aafd run --config /etc/aafd/aafd.toml" \
        "$root$prefix/lib/systemd/system/aafd.service" ||
        fail "ExecStart is not $prefix/bin/aafd: $(grep ExecStart= "$root$prefix/lib/systemd/system/aafd.service")"
    ! readelf -S "$root$prefix/bin/aafd" 2>/dev/null | grep -q '\.debug_info' || fail "bin/aafd is not stripped"
    readelf -p .gnu_debuglink "$root$prefix/bin/aafd" 2>/dev/null | grep -q 'aafd\.debug' ||
        fail "bin/aafd has no debug link to aafd.debug"
}

cmake --install "$build" --prefix "$work/p" >/dev/null
check_tree "" "$work/p"
debug="$work/p/lib/debug$work/p/bin/aafd.debug"
[ -f "$debug" ] || fail "$debug not installed"
readelf -S "$debug" 2>/dev/null | grep -q '\.debug_info' || fail "aafd.debug holds no debug information"
echo "install: $(du -h "$work/p/bin/aafd" | cut -f1) binary, $(du -h "$debug" | cut -f1) debug file"

(cd "$work" && cpack -G DEB --config "$build/CPackConfig.cmake" -B "$work/deb" >/dev/null 2>&1) ||
    fail "cpack failed"
deb=$(ls "$work"/deb/aafd_*.deb) dbgsym=$(ls "$work"/deb/aafd-dbgsym_*.deb)
dpkg-deb -I "$deb" | grep -q 'Package: aafd$' || fail "$deb: not the aafd package"
dpkg-deb -I "$deb" | grep -q 'Depends: .*libc6' || fail "$deb: no shared-library dependencies"
for script in postinst prerm postrm; do
    dpkg-deb -I "$deb" | grep -q " $script" || fail "$deb: no $script"
done
dpkg-deb -I "$dbgsym" | grep -q 'Depends: aafd (= ' || fail "$dbgsym: does not depend on aafd"
dpkg-deb -x "$deb" "$work/root"
check_tree "$work/root" /usr
dpkg-deb -c "$dbgsym" | grep -q ' \./usr/lib/debug/usr/bin/aafd\.debug$' ||
    fail "$dbgsym: no /usr/lib/debug/usr/bin/aafd.debug"
! dpkg-deb -c "$deb" | grep -q '\.debug$' || fail "$deb holds debug files"
echo "packages: $(basename "$deb") $(du -h "$deb" | cut -f1), $(basename "$dbgsym") $(du -h "$dbgsym" | cut -f1)"
