"""The 4,000 distinct dossier facts (37 fields, 200 days of receptions) that the core test counts in bulk
(test_handling_report.py) and the benchmark times (tests/bench/bench_handling_table.py), written once."""

from datetime import date, timedelta

DAY0 = date(2026, 1, 1)


def sample_facts(DossierFact, copies=1):
    """The pool of facts, repeated ``copies`` times; ``DossierFact`` is passed in because the benchmark and the
    tests import the core each in their own way."""
    pool = [
        DossierFact(
            n % 37,
            ("online", "direct", "postal")[n % 3],
            DAY0 + timedelta(days=n % 200),
            DAY0 + timedelta(days=n % 200 + n % 15),
            None if n % 5 == 0 else DAY0 + timedelta(days=n % 200 + n % 23),
            n % 97 == 0,
            n % 41 == 0,
        )
        for n in range(4000)
    ]
    return pool * copies
