#!/usr/bin/env python3
"""Times pyrankvote (PyPI) on a congress ranks CSV, end to end inside one process:
reading the CSV into pyrankvote Ballot objects, then counting.

usage: pyrankvote_time.py stv|irv RANKS.csv [SEATS] [--limit N]
Prints the elected candidates (sorted) and the parse/count/total times.
"""
import csv
import sys
import time

import pyrankvote
from pyrankvote import Ballot, Candidate


def main():
    args = [a for a in sys.argv[1:]]
    limit = None
    if "--limit" in args:
        i = args.index("--limit")
        limit = int(args[i + 1])
        del args[i : i + 2]
    method, path = args[0], args[1]
    seats = int(args[2]) if len(args) > 2 else 1
    start = time.perf_counter()
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        candidates = [Candidate(h.strip()) for h in header[1:]]
        ballots = []
        for n, row in enumerate(reader):
            if limit is not None and n >= limit:
                break
            ranked = sorted((int(cell), i) for i, cell in enumerate(row[1:]) if cell.strip())
            ballots.append(Ballot(ranked_candidates=[candidates[i] for _, i in ranked]))
    parsed = time.perf_counter()
    if method == "stv":
        result = pyrankvote.single_transferable_vote(candidates, ballots, number_of_seats=seats)
    elif method == "irv":
        result = pyrankvote.instant_runoff_voting(candidates, ballots)
    else:
        sys.exit("method must be stv or irv")
    done = time.perf_counter()
    winners = sorted(c.name for c in result.get_winners())
    print(" ".join(winners))
    print(
        f"ballots {len(ballots)}, parse {parsed - start:.3f} s, count {done - parsed:.3f} s, "
        f"total {done - start:.3f} s",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
