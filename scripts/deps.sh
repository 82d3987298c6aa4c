#!/usr/bin/env bash
# deps.sh -- install the Debian packages prognos needs, if any is missing. Safe to run twice;
# works as root (no sudo needed) or as a user with sudo.
set -euo pipefail
pkgs=(build-essential cmake pkg-config libgsl-dev libcsv-dev libjansson-dev check gnuplot-nox
      libzip-dev libexpat1-dev libxlsxwriter-dev libreadstat-dev libyaml-dev unzip
      valgrind python3 clang libclang-rt-14-dev sqlite3)
missing=()
for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "deps: installing ${missing[*]}"
    as_root=()
    [ "$(id -u)" -eq 0 ] || as_root=(sudo)
    "${as_root[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi
