#!/usr/bin/env python3
"""Times votekit (PyPI) on a congress ranks CSV, end to end inside one process: reading the
CSV into RankBallots and a RankProfile, then counting.

usage: votekit_time.py fast-stv|stv|exact-stv|irv|schulze RANKS.csv [SEATS] [--limit N]
Prints the elected candidates (sorted) and the parse/count/total times.
"""
import csv
import sys
import time

from votekit.ballot import RankBallot
from votekit.elections import IRV, STV, FastSTV, Schulze
from votekit.pref_profile import RankProfile


def main():
    args = list(sys.argv[1:])
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
        names = [h.strip() for h in header[1:]]
        ballots = []
        for n, row in enumerate(reader):
            if limit is not None and n >= limit:
                break
            ranked = sorted((int(cell), i) for i, cell in enumerate(row[1:]) if cell.strip())
            ballots.append(RankBallot(ranking=tuple(frozenset({names[i]}) for _, i in ranked)))
    profile = RankProfile(ballots=ballots, candidates=names, max_ranking_length=len(names))
    parsed = time.perf_counter()
    if method == "fast-stv":
        election = FastSTV(profile, n_seats=seats)
    elif method == "stv":
        election = STV(profile, n_seats=seats)
    elif method == "exact-stv":
        election = STV(profile, n_seats=seats, exact=True)
    elif method == "irv":
        election = IRV(profile)
    elif method == "schulze":
        election = Schulze(profile, n_seats=seats)
    else:
        sys.exit("unknown method")
    elected = sorted(c for s in election.get_elected() for c in s)
    done = time.perf_counter()
    print(" ".join(elected))
    print(
        f"ballots {len(ballots)}, parse {parsed - start:.3f} s, count {done - parsed:.3f} s, "
        f"total {done - start:.3f} s",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
