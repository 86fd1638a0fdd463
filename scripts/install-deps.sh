#!/usr/bin/env bash
# Installs the Debian 12 packages aafd needs to build, test and benchmark.
# Run as root (or through sudo). Safe to run again.
set -euo pipefail
packages=(
    build-essential cmake ninja-build pkg-config clang-format
    libssh-dev libboost-dev libpugixml-dev libspdlog-dev libsqlite3-dev
    doctest-dev libtomlplusplus-dev libcli11-dev libarchive-dev nlohmann-json3-dev
    libssl-dev libxxhash-dev libsystemd-dev libicu-dev
    openssh-server openssh-client sqlite3 libarchive-tools time systemd
    clang-19 libclang-rt-19-dev
    libldap-dev slapd ldap-utils
)
as_root=()
if [ "$(id -u)" -ne 0 ]; then as_root=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
# slapd's postinst configures a default directory (dc=nodomain) without asking; the tests
# never use it: they start their own slapd (tests/sync/slapd_fixture.hpp).
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -q --no-install-recommends "${packages[@]}"
