#!/usr/bin/env bash
# gen_man.sh [PROGNOS] -- regenerate docs/prognos.1 from the option tables of src/cli.
# The man page is generated, never edited: `prognos --man` prints it from the same tables that
# parse the options and print --help. ctest's cli_man fails while the committed file differs.
#   scripts/gen_man.sh                       # uses build/dev/prognos
#   scripts/gen_man.sh build/asan/prognos
set -euo pipefail
cd "$(dirname "$0")/.."
pg=${1:-build/dev/prognos}
tmp=$(mktemp docs/prognos.1.XXXXXX)
trap 'rm -f "$tmp"' EXIT
"$pg" --man >"$tmp"
chmod 644 "$tmp"
mv "$tmp" docs/prognos.1
trap - EXIT
echo "wrote docs/prognos.1"
