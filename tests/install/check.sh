#!/usr/bin/env bash
# check.sh BUILD_DIR -- install prognos from BUILD_DIR into a temporary prefix, then build and
# run a consumer with CMake's find_package(prognos) and with pkg-config; check the installed
# command and headers.
set -euo pipefail
build=$1
here=$(cd "$(dirname "$0")" && pwd)
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build" --prefix "$prefix" >/dev/null
test -x "$prefix/bin/prognos" && "$prefix/bin/prognos" --version
test -f "$prefix/include/prognos.h" && test -f "$prefix/include/prognos/km.h"
libdir=$(ls -d "$prefix"/lib*/ | head -1)
test -f "$libdir/pkgconfig/prognos.pc"
cmake -S "$here" -B "$prefix/consumer" -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$prefix/consumer" >/dev/null
"$prefix/consumer/consumer"
PKG_CONFIG_PATH="$libdir/pkgconfig" cc -o "$prefix/pc_consumer" "$here/consumer.c" \
    $(PKG_CONFIG_PATH="$libdir/pkgconfig" pkg-config --define-variable=prefix="$prefix" \
        --cflags --libs --static prognos)
"$prefix/pc_consumer"
echo "install: find_package and pkg-config consumers build and run"
