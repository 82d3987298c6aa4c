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
pc() { PKG_CONFIG_PATH="$libdir/pkgconfig" pkg-config --define-variable=prefix="$prefix" "$@"; }
# the dynamic link line users type links the shared library (libprognos.so.MAJOR) ...
if [ -e "$libdir/libprognos.so" ]; then
    cc -o "$prefix/pc_dynamic" "$here/consumer.c" $(pc --cflags --libs prognos)
    ldd "$prefix/pc_dynamic" | grep -q 'libprognos\.so\.[0-9]' ||
        { echo "pc_dynamic does not link libprognos.so.MAJOR"; exit 1; }
    LD_LIBRARY_PATH="$libdir" "$prefix/pc_dynamic"
fi
# The archive defines, as globals, the public API only (pg_*), as the shared library exports:
# the internal helpers are local to its one prelinked object (CMakeLists.txt).
if [ -e "$libdir/libprognos.a" ]; then
    stray=$(nm -g --defined-only "$libdir/libprognos.a" | awk 'NF == 3 && $3 !~ /^pg_/ {print $3}')
    [ -z "$stray" ] || { echo "libprognos.a defines non-pg_ globals:" $stray; exit 1; }
    if [ -e "$libdir/libprognos.so" ]; then
        diff <(nm -g --defined-only "$libdir/libprognos.a" | awk 'NF == 3 {print $3}' | sort) \
             <(nm -D --defined-only "$libdir/libprognos.so" | awk '$3 ~ /^pg_/ {print $3}' | sort) ||
            { echo "libprognos.a and libprognos.so export different symbols"; exit 1; }
    fi
fi
# ... and the --static line links libprognos.a into a binary that needs no libprognos.so. The
# system libraries stay shared (-Bstatic only around -lprognos): Debian ships libreadstat as a
# shared library only, so a fully -static binary cannot be made.
static_libs=$(pc --libs --static prognos | sed 's/ -lprognos / -Wl,-Bstatic -lprognos -Wl,-Bdynamic /')
cc -o "$prefix/pc_static" "$here/consumer.c" $(pc --cflags prognos) $static_libs
if ldd "$prefix/pc_static" 2>/dev/null | grep -q libprognos; then
    echo "pc_static needs libprognos.so"; exit 1
fi
"$prefix/pc_static"
echo "install: find_package, pkg-config (shared and --static) consumers build and run"
