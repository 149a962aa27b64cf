#!/usr/bin/env bash
# Times `congress elect` and the tallystick harness on the generated data with hyperfine
# (whole process, median of the runs), printing the load average before and after each.
# usage: benches/peers/bench.sh [DATA_DIR] [RUNS]
#   DATA_DIR from generate.sh (default /tmp/congress-peers-data); RUNS default 5.
# Needs: target/release/congress (cargo build --release), hyperfine, and for the peer
# the harness built with `cargo +nightly build --release` in tallystick-harness/
# (TALLYSTICK=path overrides where its binary is).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
data="${1:-/tmp/congress-peers-data}"
runs="${2:-5}"
bin="${CONGRESS:-$root/target/release/congress}"
ts="${TALLYSTICK:-$here/tallystick-harness/target/release/tallystick-harness}"
out="${OUT:-$data/results}"
mkdir -p "$out"

run() { # name, command...
  local name="$1"; shift
  echo "== $name  (load before: $(cut -d' ' -f1-3 /proc/loadavg))"
  hyperfine --runs "$runs" --warmup 1 --style basic --export-json "$out/$name.json" \
    --output=null "$*" 2>&1 | grep -E "Time|Range"
  echo "   load after: $(cut -d' ' -f1-3 /proc/loadavg)"
}

run ours-stv-csv "$bin elect $here/stv.toml $data/ranks-1m-30.csv --format json"
run ours-stv-blt "$bin elect $here/stv.toml $data/ranks-1m-30.blt --format json"
run ours-irv-csv "$bin elect $here/irv.toml $data/ranks-1m-30.csv --format json"
run ours-irv-blt "$bin elect $here/irv.toml $data/ranks-1m-30-s1.blt --format json"
run ours-schulze-csv "$bin elect $here/schulze.toml $data/ranks-1m-30.csv --format json"
run ours-schulze-blt "$bin elect $here/schulze.toml $data/ranks-1m-30-s1.blt --format json"
run ours-schulze-100x100k "$bin elect $here/schulze100.toml $data/ranks-100k-100.csv --format json"
run ours-approval-1m "$bin elect $here/approval.toml $data/marks-1m-20.csv --format json"
if [ -x "$ts" ]; then
  run tallystick-stv "$ts stv $data/ranks-1m-30.csv 3"
  run tallystick-irv "$ts irv $data/ranks-1m-30.csv 1"
  run tallystick-schulze "$ts schulze $data/ranks-1m-30.csv 1"
  run tallystick-schulze-100x100k "$ts schulze $data/ranks-100k-100.csv 1"
fi
