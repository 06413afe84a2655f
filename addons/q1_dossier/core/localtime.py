"""Local time of the one-stop shop, and the only conversions between it and what Odoo stores.

Odoo stores datetimes as naive UTC; the core computes in naive local time (DESIGN.md §3). Vietnam has a single
time zone, UTC+7, without daylight saving time since 1975, so a fixed offset is exact for every date the product
handles; SQL that groups millions of rows by local day adds it as an interval instead of converting per row.
"""

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

TZ_NAME = "Asia/Ho_Chi_Minh"
LOCAL_TZ = ZoneInfo(TZ_NAME)
UTC_OFFSET = datetime(2026, 1, 1, tzinfo=LOCAL_TZ).utcoffset()
# The offset as PostgreSQL reads an interval ('7 hours').
SQL_UTC_OFFSET = f"{UTC_OFFSET // timedelta(hours=1)} hours"


def to_local(utc_naive: datetime) -> datetime:
    """Naive local time of a naive UTC instant."""
    return utc_naive.replace(tzinfo=timezone.utc).astimezone(LOCAL_TZ).replace(tzinfo=None)


def to_utc(local_naive: datetime) -> datetime:
    """Naive UTC instant of a naive local time."""
    return local_naive.replace(tzinfo=LOCAL_TZ).astimezone(timezone.utc).replace(tzinfo=None)


def local_date(utc_naive: datetime) -> date:
    """The local calendar day of a naive UTC instant."""
    return to_local(utc_naive).date()
