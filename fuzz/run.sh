#!/usr/bin/env bash
# Runs one fuzz target with the project's limits: fuzz/run.sh TARGET [SECONDS] [extra libFuzzer flags]
# The corpus grows in fuzz/corpus/TARGET (not committed); fuzz/seeds/TARGET seeds it.
set -euo pipefail
cd "$(dirname "$0")"
target=$1
seconds=${2:-300}
shift $(( $# < 2 ? $# : 2 ))
mkdir -p "corpus/$target"
exec nice -n 19 cargo +nightly fuzz run -a "$target" "corpus/$target" "seeds/$target" -- \
    -jobs=1 -workers=1 -max_total_time="$seconds" -rss_limit_mb=4096 -timeout=10 -max_len=4096 -detect_leaks=0 "$@"
