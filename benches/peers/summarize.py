#!/usr/bin/env python3
"""Prints median wall time and mean user CPU of each hyperfine JSON export in a folder.

usage: summarize.py RESULTS_DIR
"""
import json
import pathlib
import sys

for path in sorted(pathlib.Path(sys.argv[1]).glob("*.json")):
    r = json.loads(path.read_text())["results"][0]
    print(
        f"{path.stem:32} median {r['median']:8.3f} s  min {r['min']:8.3f} s  "
        f"user {r['user']:7.3f} s  sys {r['system']:6.3f} s  runs {len(r['times'])}"
    )
