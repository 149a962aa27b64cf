#!/usr/bin/env python3
"""Converts a congress ranks CSV (ballot_id,<candidate>...; a cell is a rank or empty) to a
BLT file: one line per ballot with weight 1 (not aggregated, as a count export would be).

usage: ranks_to_blt.py RANKS.csv SEATS OUT.blt [TITLE]
"""
import csv
import sys


def main():
    src, seats, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    title = sys.argv[4] if len(sys.argv) > 4 else "benchmark"
    with open(src, newline="", encoding="utf-8") as f, open(out, "w", encoding="utf-8") as w:
        reader = csv.reader(f)
        header = next(reader)
        names = [h.strip() for h in header[1:]]
        w.write(f"{len(names)} {seats}\n")
        for row in reader:
            ranked = sorted((int(cell), i + 1) for i, cell in enumerate(row[1:]) if cell.strip())
            w.write("1 " + " ".join(str(c) for _, c in ranked) + " 0\n")
        w.write("0\n")
        for name in names:
            w.write('"' + name.replace('"', "") + '"\n')
        w.write(f'"{title}"\n')


if __name__ == "__main__":
    main()
