"""Checks of the values people type or send over RPC, before anything is stored.

Pure Python: each check returns the value to store (stripped, converted) or raises ``InputError`` whose ``code``
names the rule broken and whose ``params`` give the numbers. The Odoo layer words the message (English source
translated in ``i18n/vi.po``) with the field's label, so the same rule reads the same everywhere.

Bounds are stated here once: a name fits on a form line, a legal time limit is at most a year of working days,
an amount fits the PostgreSQL ``integer`` column that holds it, a year is one the product can still be running in.
"""

import math
import re
from datetime import date, datetime

# PostgreSQL ``integer`` (int4): what an Integer field's column holds; beyond it the database refuses the row.
INT4_MIN = -(2**31)
INT4_MAX = 2**31 - 1

NAME_MAX_LENGTH = 200  # a person's or a unit's name, a stage, a field of law
TITLE_MAX_LENGTH = 500  # a procedure's or a document's title (official titles are long)
ADDRESS_MAX_LENGTH = 300
CODE_MAX_LENGTH = 64
EMAIL_MAX_LENGTH = 254  # RFC 5321 path limit
CHAR_MAX_LENGTH = 1000  # any other one-line text
TEXT_MAX_LENGTH = 20000  # a reason, a list of missing items, a comment

# Legal time limits (Decree 118/2025 Art. 19: procedures state them in working days or, for quick ones, hours).
MAX_LIMIT_DAYS = 365
MAX_LIMIT_HOURS = 240
# Fees and charges in VND: far above any ward-level fee, well inside the int4 column.
MAX_FEE = 1_000_000_000
# A person alive and applying today was born after this date.
BIRTH_DATE_MIN = date(1900, 1, 1)
# Evaluation years the product can meaningfully hold; working calendars list days of the same span.
YEAR_MIN, YEAR_MAX = 2000, 2100
CALENDAR_FIRST_DAY, CALENDAR_LAST_DAY = date(YEAR_MIN, 1, 1), date(YEAR_MAX, 12, 31)
# Originals or copies of one document handed in.
MAX_DOCUMENT_COUNT = 100

# C0 control characters and DEL; a one-line value allows none, a text keeps tab and line breaks.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_CONTROL_IN_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Deliberately plain: one @, a dotted domain with a 2+ letter top level, no spaces, quotes or brackets. It catches
# typing errors and header injection (CR/LF), not whether the mailbox exists.
_EMAIL = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}$"
)

# Error codes (``InputError.code``).
WRONG_TYPE = "wrong_type"
EMPTY = "empty"
TOO_LONG = "too_long"
CONTROL_CHARACTERS = "control_characters"
BAD_EMAIL = "bad_email"
NOT_INTEGER = "not_integer"
NOT_FINITE = "not_finite"
OUT_OF_RANGE = "out_of_range"
BAD_DATE = "bad_date"
BAD_DATETIME = "bad_datetime"
UNKNOWN_CHOICE = "unknown_choice"
TOO_EARLY = "too_early"
IN_FUTURE = "in_future"


class InputError(ValueError):
    """A value refused. ``code`` is one of the constants above; ``params`` hold what the message needs."""

    def __init__(self, code, **params):
        super().__init__(code, params)
        self.code = code
        self.params = params


def shown(value, limit=40):
    """A refused value as a message may quote it: short, and with control characters made visible."""
    text = repr(value) if not isinstance(value, str) else value
    text = _CONTROL.sub(lambda m: f"\\x{ord(m[0]):02x}", text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def clean_text(value, max_length=CHAR_MAX_LENGTH, required=False, multiline=False):
    """The text to store, stripped; ``False`` for an empty optional value.

    Refused: a non-string, control characters inside the value (a text keeps tab and line breaks; leading and
    trailing whitespace is stripped), an empty or blank required value, more than ``max_length`` characters once
    stripped.
    """
    if value is None or value is False:
        if required:
            raise InputError(EMPTY)
        return False
    if not isinstance(value, str):
        raise InputError(WRONG_TYPE, value=value)
    text = value.strip()
    if (_CONTROL_IN_TEXT if multiline else _CONTROL).search(text):
        raise InputError(CONTROL_CHARACTERS)
    if not text:
        if required:
            raise InputError(EMPTY)
        return False
    if len(text) > max_length:
        raise InputError(TOO_LONG, length=len(text), max=max_length)
    return text


def clean_email(value):
    """The e-mail address to store (stripped), ``False`` when empty; one address, no header injection."""
    text = clean_text(value, max_length=EMAIL_MAX_LENGTH)
    if text and not _EMAIL.match(text):
        raise InputError(BAD_EMAIL, value=text)
    return text


def check_integer(value, low=INT4_MIN, high=INT4_MAX):
    """An integer within ``low``..``high`` (a float with no fraction is accepted, a bool or a string is not)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InputError(NOT_INTEGER, value=value)
    if isinstance(value, float):
        if not math.isfinite(value) or not value.is_integer():
            raise InputError(NOT_INTEGER, value=value)
        value = int(value)
    if not low <= value <= high:
        raise InputError(OUT_OF_RANGE, value=value, low=low, high=high)
    return value


def check_number(value, low=None, high=None):
    """A finite number within the bounds given (NaN and infinities are not numbers one can store)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InputError(NOT_FINITE, value=value)
    if isinstance(value, float) and not math.isfinite(value):
        raise InputError(NOT_FINITE, value=value)
    if (low is not None and value < low) or (high is not None and value > high):
        raise InputError(OUT_OF_RANGE, value=value, low=low, high=high)
    return value


def to_date(value):
    """A ``date`` from a date or an ISO ``YYYY-MM-DD`` string (what RPC sends); anything else is refused."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            raise InputError(BAD_DATE, value=value) from None
    raise InputError(BAD_DATE, value=value)


def to_datetime(value):
    """A naive ``datetime`` from a datetime, a date (midnight) or ``YYYY-MM-DD[ HH:MM[:SS]]``."""
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, str) and re.fullmatch(
        r"\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?)?", value.strip()
    ):
        try:
            return datetime.fromisoformat(value.strip())
        except ValueError:
            raise InputError(BAD_DATETIME, value=value) from None
    raise InputError(BAD_DATETIME, value=value)


def check_date_between(value, low=None, high=None):
    """``value`` (a date) not before ``low`` and not after ``high``."""
    day = to_date(value)
    if low is not None and day < low:
        raise InputError(TOO_EARLY, value=day, low=low)
    if high is not None and day > high:
        raise InputError(IN_FUTURE, value=day, high=high)
    return day


def check_birth_date(value, today):
    """A birth date from 1900 to ``today``."""
    return check_date_between(value, BIRTH_DATE_MIN, today)


def check_year(value, low=YEAR_MIN, high=YEAR_MAX):
    return check_integer(value, low, high)


def check_choice(value, choices):
    """``value`` is one of ``choices`` (the keys of a selection)."""
    if value not in tuple(choices):
        raise InputError(UNKNOWN_CHOICE, value=value, choices=tuple(choices))
    return value


def check_time_limit(limit, unit, same_day=False):
    """A procedure's legal time limit: 0 only for a same-day procedure, else 1..365 working days or 1..240
    working hours."""
    limit = check_integer(limit)
    if unit == "hour":
        return check_integer(limit, 1, MAX_LIMIT_HOURS)
    return check_integer(limit, 0 if same_day else 1, MAX_LIMIT_DAYS)
