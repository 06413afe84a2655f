"""q1_registry.core.registers: numbering patterns, validity, expiry and reminders, data changes, legacy rows."""

from datetime import date, datetime

import pytest
from q1_dossier.core.identity import validate_citizen_id, validate_tax_code
from q1_registry.core.registers import (
    RegisterRuleError,
    add_months,
    check_legacy_entry,
    check_pattern,
    data_changes,
    format_number,
    holder_identity,
    is_expired,
    needs_reminder,
    quarter_end,
    validity_end,
)

VALIDATORS = (validate_citizen_id, validate_tax_code)
TODAY = date(2026, 3, 2)


def rule(code, call, *args):
    with pytest.raises(RegisterRuleError) as caught:
        call(*args)
    assert caught.value.code == code
    return caught.value


def test_numbers_follow_the_pattern():
    assert format_number("%(seq)s/%(year)s/%(code)s", 12, 2025, "HKD") == "12/2025/HKD"
    assert format_number(" %(seq)s/%(year)s/HKD-%(unit)s ", 3, 2026, "HKD", "H29.39.01") == "3/2026/HKD-H29.39.01"
    rule("pattern_seq", check_pattern, "%(year)s/%(code)s")
    assert rule("pattern_key", check_pattern, "%(seq)s/%(month)s").params == {"key": "month"}
    rule("pattern_percent", check_pattern, "%(seq)s/100%")
    rule("pattern_length", check_pattern, "")
    rule("pattern_length", check_pattern, "%(seq)s" + "x" * 64)


def test_validity():
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert add_months(date(2024, 11, 15), 3) == date(2025, 2, 15)
    assert validity_end(date(2025, 3, 15), 12) == date(2026, 3, 14)
    assert validity_end(date(2026, 1, 31), 6) == date(2026, 7, 30)
    assert validity_end(date(2026, 1, 1), 0) is None
    rule("validity_months", validity_end, date(2026, 1, 1), 1201)
    assert quarter_end(date(2026, 1, 1)) == date(2026, 3, 31)
    assert quarter_end(date(2026, 5, 31)) == date(2026, 6, 30)
    assert quarter_end(date(2026, 12, 31)) == date(2026, 12, 31)


def test_expiry_and_reminders():
    assert is_expired("valid", date(2026, 3, 1), TODAY)
    assert is_expired("amended", date(2026, 3, 1), TODAY)
    assert not is_expired("valid", TODAY, TODAY), "the last valid day is still valid"
    assert not is_expired("revoked", date(2026, 3, 1), TODAY)
    assert not is_expired("valid", None, TODAY)
    assert needs_reminder("valid", date(2026, 4, 1), 30, False, TODAY)
    assert not needs_reminder("valid", date(2026, 4, 2), 30, False, TODAY)
    assert not needs_reminder("valid", date(2026, 4, 1), 30, True, TODAY), "reminded once"
    assert not needs_reminder("valid", date(2026, 4, 1), 0, False, TODAY)
    assert not needs_reminder("replaced", date(2026, 4, 1), 30, False, TODAY)
    assert not needs_reminder("valid", date(2026, 3, 1), 30, False, TODAY), "already past: the expiry's business"


def test_data_changes():
    assert data_changes({"a": 1, "b": "x"}, {"a": 2, "b": "x", "c": "new"}) == ["a", "c"]
    assert data_changes({"a": False}, {"a": ""}) == [], "empty is empty"
    assert data_changes(None, {"a": 1}) == ["a"]
    assert data_changes({"a": 1}, {}) == ["a"]


def test_holder_identity():
    assert holder_identity("079 085 001 234", VALIDATORS) == ("person", "079085001234")
    assert holder_identity("0312345673", VALIDATORS) == ("organisation", "0312345673")
    error = rule("holder_id", holder_identity, "0312345678", VALIDATORS)
    assert "kiểm tra" in error.params["reason"]
    rule("holder_id", holder_identity, "999085001234", VALIDATORS)
    rule("holder_id_missing", holder_identity, " ", VALIDATORS)


def row(**values):
    base = {
        "number": " 15/2019/HKD ",
        "entry_date": date(2019, 4, 2),
        "holder_name": " Nguyễn Văn An ",
        "holder_id_number": "079085001234",
        "valid_from": None,
        "valid_until": None,
        "state": "valid",
    }
    base.update(values)
    return base


def test_legacy_rows():
    cleaned = check_legacy_entry(row(), TODAY, VALIDATORS)
    assert cleaned["number"] == "15/2019/HKD"
    assert cleaned["holder_name"] == "Nguyễn Văn An"
    assert cleaned["valid_from"] == date(2019, 4, 2), "valid from the entry's date by default"
    assert cleaned["holder_kind"] == "person"
    assert check_legacy_entry(row(entry_date=datetime(2019, 4, 2, 8, 0)), TODAY, VALIDATORS)["entry_date"] == date(
        2019, 4, 2
    )
    past = check_legacy_entry(row(valid_until=date(2020, 4, 1)), TODAY, VALIDATORS)
    assert past["state"] == "expired", "a legacy entry past its validity is expired"
    assert check_legacy_entry(row(state="revoked", valid_until=date(2020, 4, 1)), TODAY, VALIDATORS)["state"] == (
        "revoked"
    )
    rule("number_missing", check_legacy_entry, row(number="  "), TODAY, VALIDATORS)
    rule("number_length", check_legacy_entry, row(number="1" * 65), TODAY, VALIDATORS)
    rule("entry_date", check_legacy_entry, row(entry_date=None), TODAY, VALIDATORS)
    rule("entry_date", check_legacy_entry, row(entry_date=date(1900, 1, 1)), TODAY, VALIDATORS)
    rule("entry_date_future", check_legacy_entry, row(entry_date=date(2026, 3, 3)), TODAY, VALIDATORS)
    rule("holder_name_missing", check_legacy_entry, row(holder_name=""), TODAY, VALIDATORS)
    rule("validity_order", check_legacy_entry, row(valid_until=date(2019, 4, 1)), TODAY, VALIDATORS)
    rule("valid_until", check_legacy_entry, row(valid_until=date(2205, 1, 1)), TODAY, VALIDATORS)
    assert rule("state", check_legacy_entry, row(state="replaced"), TODAY, VALIDATORS).params == {"state": "replaced"}
