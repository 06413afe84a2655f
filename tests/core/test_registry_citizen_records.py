"""q1_registry.core.citizen_records: validity of digitised documents and the choice of the one offered for reuse."""

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from q1_registry.core.citizen_records import add_months, is_valid_on, pick_reusable, validity_end


def test_add_months_clamps_to_the_month_end():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2028, 1, 31), 1) == date(2028, 2, 29)
    assert add_months(date(2026, 11, 15), 2) == date(2027, 1, 15)
    assert add_months(date(2026, 3, 1), 0) == date(2026, 3, 1)
    with pytest.raises(ValueError):
        add_months(date(2026, 3, 1), -1)
    with pytest.raises(ValueError):
        add_months(date(2026, 3, 1), 1201)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2900, 12, 31)), st.integers(0, 1200))
def test_add_months_moves_exactly_that_many_months(day, months):
    moved = add_months(day, months)
    assert (moved.year - day.year) * 12 + moved.month - day.month == months
    assert moved.day <= day.day


def test_validity_end():
    # the date written on the document wins
    assert validity_end(date(2030, 5, 1), date(2026, 1, 1), 12) == date(2030, 5, 1)
    # else the usual validity from the issue date: a 12-month contract of 15/03/2026 ends on 14/03/2027
    assert validity_end(None, date(2026, 3, 15), 12) == date(2027, 3, 14)
    # no usual validity, or no issue date: no known end
    assert validity_end(None, date(2026, 3, 15), 0) is None
    assert validity_end(None, None, 12) is None


def test_is_valid_on():
    assert is_valid_on(None, date(2099, 1, 1))
    assert is_valid_on(date(2026, 3, 14), date(2026, 3, 14))
    assert not is_valid_on(date(2026, 3, 14), date(2026, 3, 15))


def test_pick_reusable_offers_the_last_issued_valid_document():
    day = date(2026, 6, 1)
    expired = {"id": 1, "valid_until": date(2026, 5, 31), "issued_on": date(2026, 1, 1), "digitised_at": None}
    old = {"id": 2, "valid_until": None, "issued_on": date(2021, 4, 1), "digitised_at": datetime(2025, 1, 1, 8)}
    new = {"id": 3, "valid_until": date(2040, 1, 1), "issued_on": date(2025, 4, 1), "digitised_at": None}
    undated = {"id": 4, "valid_until": None, "issued_on": None, "digitised_at": datetime(2026, 5, 1, 8)}
    assert pick_reusable([expired, old, new, undated], day) is new
    assert pick_reusable([expired, old, undated], day) is old
    assert pick_reusable([undated, dict(undated, id=5, digitised_at=datetime(2026, 5, 2, 8))], day)["id"] == 5
    assert pick_reusable([expired], day) is None
    assert pick_reusable([], day) is None
