#!/usr/bin/env bash
# Generates the benchmark data sets with congress's own simulator (deterministic: seed "bench").
# usage: benches/peers/generate.sh [DATA_DIR]   (default /tmp/congress-peers-data; ~150 MB)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
data="${1:-/tmp/congress-peers-data}"
bin="${CONGRESS:-$root/target/release/congress}"
mkdir -p "$data"
"$bin" simulate ballots "$here/stv.toml" --ballots 1000000 --seed bench --out "$data/ranks-1m-30.csv" --force
"$bin" simulate ballots "$here/schulze100.toml" --ballots 100000 --seed bench --out "$data/ranks-100k-100.csv" --force
"$bin" simulate ballots "$here/approval.toml" --ballots 1000000 --seed bench --out "$data/marks-1m-20.csv" --force
python3 "$here/ranks_to_blt.py" "$data/ranks-1m-30.csv" 3 "$data/ranks-1m-30.blt"
sed "1s/ 3$/ 1/" "$data/ranks-1m-30.blt" > "$data/ranks-1m-30-s1.blt"
head -n 100001 "$data/ranks-1m-30.csv" > "$data/ranks-100k-30.csv"
ls -l "$data"
