#!/usr/bin/env python3
"""Benchmark: ``core.handling_report.handling_table`` over 400,000 dossier facts, against a bare loop.

    python tests/bench/bench_handling_table.py [--copies 100] [--repeat 5] [--max-ratio 8]

The facts are the pytest tier's (tests/core/test_handling_report.py): 4,000 distinct facts over 37 fields and
200 days, repeated ``--copies`` times. Times in the same process, in turn, best of ``--repeat`` rounds:
  * the baseline: one bare loop over the same facts reading the reception, end and refusal of each and counting
    per key, the least any table in Python has to do;
  * the statutory table, ``handling_table`` (the two columns of each fact, the rows, the total).
Prints both figures and their ratio. Since both are measured in the same run, the ratio hardly moves with the
machine's load; PASS when it is at most ``--max-ratio``.
"""

import argparse
import sys
import time as clock
from collections import defaultdict
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def import_core():
    """Import the core the way the pytest tier does: the addon folder as a bare package."""
    sys.path.insert(0, str(ROOT / "tests"))
    sys.path.insert(0, str(ROOT / "tests" / "core"))
    import conftest  # noqa: F401  (registers addons/<name> as packages without running their __init__)
    from q1_reporting.core.handling_report import DossierFact, handling_table

    return DossierFact, handling_table


def bare_loop(facts, start, end):
    counts = defaultdict(int)
    for fact in facts:
        if not fact.refused and fact.received_on <= end and (fact.finished_on is None or fact.finished_on >= start):
            counts[fact.key] += 1
    return counts


def timed(function, *args):
    began = clock.perf_counter()
    result = function(*args)
    return clock.perf_counter() - began, result


def best_of_both(repeat, facts, start, end, handling_table):
    """Best seconds of the bare loop and of the table over ``repeat`` rounds, the two run in turn in each round so
    that a burst of load on the machine weighs on both."""
    bare_s = table_s = float("inf")
    for _ in range(repeat):
        elapsed, counts = timed(bare_loop, facts, start, end)
        bare_s = min(bare_s, elapsed)
        elapsed, rows = timed(handling_table, facts, start, end)
        table_s = min(table_s, elapsed)
    return bare_s, counts, table_s, rows


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=100, help="copies of the 4,000 distinct facts (default 100)")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each, the best is kept (default 5)")
    parser.add_argument("--max-ratio", type=float, default=8.0, help="PASS when table / bare loop is at most this")
    args = parser.parse_args(argv)

    DossierFact, handling_table = import_core()
    from handling_facts import DAY0, sample_facts

    facts = sample_facts(DossierFact, args.copies)
    start, end = DAY0 + timedelta(days=30), DAY0 + timedelta(days=180)
    bare_s, counts, table_s, rows = best_of_both(args.repeat, facts, start, end, handling_table)
    if rows[-1].received != sum(counts.values()):
        print(f"FAIL: the table counts {rows[-1].received:,} facts, the bare loop {sum(counts.values()):,}")
        return 1
    ratio = table_s / bare_s
    verdict = "PASS" if ratio <= args.max_ratio else "FAIL"
    print(f"bare loop over {len(facts):,} facts: {bare_s:.3f} s ({len(facts) / bare_s:,.0f} facts/s)")
    print(
        f"handling_table over {len(facts):,} facts ({rows[-1].received:,} counted, {len(rows) - 1} rows): "
        f"{table_s:.3f} s ({len(facts) / table_s:,.0f} facts/s)"
    )
    print(f"ratio: the table takes {ratio:.1f}× the bare loop (target ≤ {args.max_ratio:g}×): {verdict}")
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
