"""Result registers (sổ đăng ký / sổ cấp kết quả): the rules of their entries that need no ORM.

An entry records one result decided for a holder: its number in the unit's register, its date, the decided data and
how long it is valid. These functions number entries, date their validity, tell the expiry cron what to do, compare
the data before and after an amendment and check the cells of a legacy register being imported.
"""

import calendar
import re
from datetime import date, datetime

# The placeholders a register's number pattern may use.
PATTERN_KEYS = ("seq", "year", "code", "unit")
# Longest number and pattern accepted (a legacy number typed into a spreadsheet cell, a pattern typed by a manager).
NUMBER_MAX_LENGTH = 64
# Furthest validity a register may give (100 years) and the dates an entry may carry.
MAX_VALIDITY_MONTHS = 1200
MIN_YEAR, MAX_YEAR = 1945, 2200
# The statuses a legacy entry may be imported with: "replaced" needs the entry replacing it, which the old
# register does not link; such an entry is imported as revoked (no longer in force) with a note.
IMPORTABLE_STATES = ("valid", "amended", "revoked", "expired")
IN_FORCE = ("valid", "amended")

_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


class RegisterRuleError(ValueError):
    """A refused value or move; ``code`` names the rule, ``params`` its details; the caller words the message."""

    def __init__(self, code, **params):
        super().__init__(code)
        self.code = code
        self.params = params


def check_pattern(pattern):
    """The number pattern, stripped, or ``RegisterRuleError``: only ``PATTERN_KEYS``, and ``%(seq)s`` present (or
    two entries of a year would share a number)."""
    pattern = (pattern or "").strip()
    if not pattern or len(pattern) > NUMBER_MAX_LENGTH:
        raise RegisterRuleError("pattern_length")
    keys = _PLACEHOLDER.findall(pattern)
    unknown = [key for key in keys if key not in PATTERN_KEYS]
    if unknown:
        raise RegisterRuleError("pattern_key", key=unknown[0])
    if "seq" not in keys:
        raise RegisterRuleError("pattern_seq")
    if "%" in _PLACEHOLDER.sub("", pattern):
        raise RegisterRuleError("pattern_percent")
    return pattern


def format_number(pattern, seq, year, code, unit=""):
    """The entry number of sequence ``seq`` in ``year``: ``"%(seq)s/%(year)s/%(code)s"`` gives ``"12/2025/HKD"``."""
    return check_pattern(pattern) % {"seq": seq, "year": year, "code": code or "", "unit": unit or ""}


def add_months(day, months):
    """``day`` plus ``months`` calendar months, the last day of the month when that month is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def validity_end(valid_from, months):
    """The last day an entry valid for ``months`` months from ``valid_from`` is in force (the day before the same
    date ``months`` later: 12 months from 15/03/2025 run to 14/03/2026); None for no expiry (``months`` 0)."""
    if not months:
        return None
    if not 0 < months <= MAX_VALIDITY_MONTHS:
        raise RegisterRuleError("validity_months")
    return date.fromordinal(add_months(valid_from, months).toordinal() - 1)


def quarter_end(day):
    """The last day of ``day``'s calendar quarter."""
    last_month = (day.month - 1) // 3 * 3 + 3
    return date(day.year, last_month, calendar.monthrange(day.year, last_month)[1])


def is_expired(state, valid_until, today):
    """Whether an entry in force has passed its last valid day."""
    return state in IN_FORCE and valid_until is not None and valid_until < today


def needs_reminder(state, valid_until, reminder_days, reminded, today):
    """Whether the unit must be reminded of an entry in force expiring within ``reminder_days`` (once per entry)."""
    if reminded or state not in IN_FORCE or valid_until is None or not reminder_days:
        return False
    return today <= valid_until and (valid_until - today).days <= reminder_days


def data_changes(before, after):
    """The property names whose value differs between ``before`` and ``after`` ({name: value}), in order."""
    before, after = before or {}, after or {}
    names = list(before) + [name for name in after if name not in before]
    return [name for name in names if _empty(before.get(name)) != _empty(after.get(name))]


def _empty(value):
    return None if value in (None, False, "", []) else value


def holder_identity(number, validators):
    """(kind, normalised number) of a holder's ID: 12 digits are a personal identification number, anything else a
    tax code; ``RegisterRuleError("holder_id", reason=...)`` (the validators' Vietnamese reason) when invalid.
    ``validators``: (citizen ID validator, tax code validator), q1_dossier's ``core.identity`` checks, which return
    the normalised number or raise ``ValueError``."""
    validate_citizen_id, validate_tax_code = validators
    raw = re.sub(r"[\s.]", "", number or "")
    if not raw:
        raise RegisterRuleError("holder_id_missing")
    try:
        if raw.isdigit() and len(raw) == 12:
            return "person", validate_citizen_id(raw)
        return "organisation", validate_tax_code(raw)
    except ValueError as error:
        raise RegisterRuleError("holder_id", number=number, reason=str(error)) from error


def check_number(number):
    """A legacy entry number: stripped, non-empty, at most ``NUMBER_MAX_LENGTH`` characters, one line."""
    number = (number or "").strip() if isinstance(number, str) else number
    if not number or not isinstance(number, str):
        raise RegisterRuleError("number_missing")
    if len(number) > NUMBER_MAX_LENGTH or "\n" in number:
        raise RegisterRuleError("number_length")
    return number


def check_date(value, code):
    """A date of an entry within ``MIN_YEAR``..``MAX_YEAR`` (a typing error such as 2205 is refused)."""
    if isinstance(value, datetime):
        value = value.date()
    if not isinstance(value, date) or not MIN_YEAR <= value.year <= MAX_YEAR:
        raise RegisterRuleError(code)
    return value


def check_legacy_entry(entry, today, validators):
    """Check the cells of an imported legacy entry (a dict: number, entry_date, holder_name, holder_id_number,
    valid_from, valid_until, state) and return it cleaned, or raise the first ``RegisterRuleError``;
    ``validators`` as ``holder_identity`` takes them."""
    cleaned = dict(entry)
    cleaned["number"] = check_number(entry.get("number"))
    cleaned["entry_date"] = check_date(entry.get("entry_date"), "entry_date")
    if cleaned["entry_date"] > today:
        raise RegisterRuleError("entry_date_future")
    if not (entry.get("holder_name") or "").strip():
        raise RegisterRuleError("holder_name_missing")
    cleaned["holder_name"] = entry["holder_name"].strip()
    cleaned["holder_kind"], cleaned["holder_id_number"] = holder_identity(entry.get("holder_id_number"), validators)
    valid_from = entry.get("valid_from") or cleaned["entry_date"]
    cleaned["valid_from"] = check_date(valid_from, "valid_from")
    if entry.get("valid_until"):
        cleaned["valid_until"] = check_date(entry["valid_until"], "valid_until")
        if cleaned["valid_until"] < cleaned["valid_from"]:
            raise RegisterRuleError("validity_order")
    state = entry.get("state") or "valid"
    if state not in IMPORTABLE_STATES:
        raise RegisterRuleError("state", state=state)
    if is_expired(state, cleaned.get("valid_until"), today):
        # A legacy entry past its validity is recorded as expired at once, not left for the next night's cron.
        state = "expired"
    cleaned["state"] = state
    return cleaned


# The statuses as the printed book writes them.
STATE_VI = {
    "valid": "Còn hiệu lực",
    "amended": "Đã điều chỉnh, còn hiệu lực",
    "replaced": "Đã được thay thế",
    "revoked": "Đã thu hồi",
    "expired": "Hết hiệu lực",
}
