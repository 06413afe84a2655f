"""Working calendar of a receiving unit: which days are working days, and which hours count.

A period stated in "ngày làm việc" (working days) skips weekends, the public holidays of Labour Code 2019
Art. 112 and the breaks the Prime Minister announces each year (e.g. Tết 16–20/02/2026), and counts the
make-up Saturdays announced with them (e.g. 22/08/2026). Those exceptional days are data here, so a new
year's announcement needs no code change.

Speed matters: statistics recompute due dates for every dossier of several years. The calendar is reduced to a
regular weekly pattern plus two sorted lists of exceptions, so counting working days up to a date is weekly
arithmetic plus two bisections, and the inverse uses a small table covering only the span of the exceptions.
"""

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cached_property

_DEFAULT_SHIFTS = ((time(7, 30), time(11, 30)), (time(13, 0), time(17, 0)))


def _time_to_micros(t):
    return ((t.hour * 60 + t.minute) * 60 + t.second) * 1_000_000 + t.microsecond


def _micros_to_time(us):
    seconds, micro = divmod(us, 1_000_000)
    minutes, second = divmod(seconds, 60)
    hour, minute = divmod(minutes, 60)
    return time(hour, minute, second, micro)


def _weekday(ordinal):
    # date(1, 1, 1) is a Monday, ordinal 1.
    return (ordinal - 1) % 7


def _check_count(n, what):
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"{what} must be an int, got {n!r}")
    if n < 0:
        raise ValueError(f"{what} must be >= 0, got {n}")


@dataclass(frozen=True)
class _Index:
    """Precomputed arithmetic of one calendar (see WorkCalendar._index)."""

    per_week: int  # regular working days per week
    prefix: tuple  # prefix[i]: regular working days among weekdays 0..i-1
    positions: tuple  # weekdays that are regular working days, ascending
    removed: tuple  # sorted ordinals of holidays that fall on regular working days
    added: tuple  # sorted ordinals of make-up days that fall on the weekend
    table_start: int  # first ordinal covered by `table`
    table_rank: int  # rank of the day before table_start
    table: tuple  # ordinals of all working days in the exceptional span, ascending

    def regular_rank(self, ordinal):
        """Regular working days in [1, ordinal], ignoring exceptions."""
        weeks, day = divmod(ordinal - 1, 7)
        return weeks * self.per_week + self.prefix[day + 1]

    def regular_select(self, k):
        """Ordinal of the k-th regular working day (k >= 1)."""
        weeks, pos = divmod(k - 1, self.per_week)
        return weeks * 7 + self.positions[pos] + 1

    def rank(self, ordinal):
        """Working days in [1, ordinal], exceptions included."""
        return self.regular_rank(ordinal) - bisect_right(self.removed, ordinal) + bisect_right(self.added, ordinal)

    def select(self, k):
        """Ordinal of the working day whose rank is k."""
        offset = k - self.table_rank
        if offset <= 0:
            return self.regular_select(k)
        if offset <= len(self.table):
            return self.table[offset - 1]
        # Past the exceptional span the pattern is regular again, shifted by the net exceptions.
        return self.regular_select(k - len(self.added) + len(self.removed))


@dataclass(frozen=True)
class WorkCalendar:
    """Working days and working hours of a receiving unit.

    ``holidays``: days off that would otherwise be working days (statutory holidays, the announced Tết break,
    swapped days). ``extra_workdays``: make-up working days falling on a weekend; they win over ``holidays``.
    ``weekend``: weekday numbers (Monday = 0) that are not working days. ``shifts``: ordered, non-overlapping
    ``(start, end)`` times of the working hours, used for time limits stated in hours.
    """

    holidays: frozenset = frozenset()
    extra_workdays: frozenset = frozenset()
    weekend: frozenset = frozenset({5, 6})
    shifts: tuple = _DEFAULT_SHIFTS

    def __post_init__(self):
        # Accept any iterable but store frozensets/tuples so the calendar stays hashable.
        object.__setattr__(self, "holidays", _as_date_set(self.holidays, "holidays"))
        object.__setattr__(self, "extra_workdays", _as_date_set(self.extra_workdays, "extra_workdays"))
        object.__setattr__(self, "weekend", _as_weekend(self.weekend))
        object.__setattr__(self, "shifts", _as_shifts(self.shifts))

    # -- days ---------------------------------------------------------------------------------------------

    def is_workday(self, d):
        """True when ``d`` is a make-up day, or neither a weekend day nor a holiday."""
        if isinstance(d, datetime):
            d = d.date()
        if d in self.extra_workdays:
            return True
        return d.weekday() not in self.weekend and d not in self.holidays

    def add_workdays(self, d, n):
        """The ``n``-th working day strictly after ``d`` (n >= 1); for n = 0, ``d`` or the next working day."""
        _check_count(n, "n")
        if n == 0:
            if self.is_workday(d):
                return _as_plain_date(d)
            n = 1
        index = self._index
        return date.fromordinal(index.select(index.rank(d.toordinal()) + n))

    def workdays_between(self, a, b):
        """Number of working days ``x`` with ``a < x <= b`` (0 when ``b <= a``)."""
        a_ord, b_ord = a.toordinal(), b.toordinal()
        if b_ord <= a_ord:
            return 0
        index = self._index
        return index.rank(b_ord) - index.rank(a_ord)

    # -- hours --------------------------------------------------------------------------------------------

    def add_working_time(self, start, delta):
        """The moment when ``delta`` of working time has elapsed after ``start``.

        Only time inside ``shifts`` on working days counts; a start outside a shift therefore begins at the next
        shift start. A result falling exactly on a shift end stays there (11:30, not 13:00).
        """
        remaining = _delta_to_micros(delta)
        if remaining == 0:
            return start
        day = start.date()
        if self.is_workday(day):
            offset = _time_to_micros(start.time())
            for shift_start, shift_end in self._shift_micros:
                if offset >= shift_end:
                    continue
                begin = max(offset, shift_start)
                if remaining <= shift_end - begin:
                    return datetime.combine(day, _micros_to_time(begin + remaining))
                remaining -= shift_end - begin
        full_days, rest = divmod(remaining, self._micros_per_workday)
        if rest == 0:
            last_end = self._shift_micros[-1][1]
            return datetime.combine(self.add_workdays(day, full_days), _micros_to_time(last_end))
        return self._walk_shifts(self.add_workdays(day, full_days + 1), rest)

    def working_time(self, start, end):
        """Working time between ``start`` and ``end`` (zero when ``end <= start``)."""
        if end <= start:
            return timedelta(0)
        return timedelta(microseconds=self._position(end) - self._position(start))

    # -- internals ----------------------------------------------------------------------------------------

    def workday_length(self):
        """Working time in one full working day (the sum of the shifts)."""
        return timedelta(microseconds=self._micros_per_workday)

    def _walk_shifts(self, day, rest):
        for shift_start, shift_end in self._shift_micros:
            if rest <= shift_end - shift_start:
                return datetime.combine(day, _micros_to_time(shift_start + rest))
            rest -= shift_end - shift_start
        raise AssertionError("rest exceeds a working day")  # excluded by the divmod in the caller

    def _position(self, moment):
        """Working microseconds from the calendar origin up to ``moment``."""
        day = moment.date()
        before = self._index.rank(day.toordinal() - 1) * self._micros_per_workday
        if not self.is_workday(day):
            return before
        offset = _time_to_micros(moment.time())
        within = sum(max(0, min(offset, end) - begin) for begin, end in self._shift_micros)
        return before + within

    @cached_property
    def _shift_micros(self):
        return tuple((_time_to_micros(s), _time_to_micros(e)) for s, e in self.shifts)

    @cached_property
    def _micros_per_workday(self):
        return sum(end - begin for begin, end in self._shift_micros)

    @cached_property
    def _index(self):
        # cached_property writes to the instance __dict__ directly, which a frozen dataclass allows;
        # the cache is not a field, so equality and hashing ignore it.
        workdays = tuple(wd for wd in range(7) if wd not in self.weekend)
        prefix = [0]
        for wd in range(7):
            prefix.append(prefix[-1] + (wd not in self.weekend))
        removed = sorted(
            d.toordinal() for d in self.holidays if d.weekday() not in self.weekend and d not in self.extra_workdays
        )
        added = sorted(d.toordinal() for d in self.extra_workdays if d.weekday() in self.weekend)
        base = _Index(len(workdays), tuple(prefix), workdays, tuple(removed), tuple(added), 0, 0, ())
        exceptions = removed + added
        if not exceptions:
            return base
        first, last = min(exceptions), max(exceptions)
        table = tuple(o for o in range(first, last + 1) if self.is_workday(date.fromordinal(o)))
        return _Index(
            base.per_week, base.prefix, base.positions, base.removed, base.added, first, base.rank(first - 1), table
        )


def _as_plain_date(d):
    return d.date() if isinstance(d, datetime) else d


def _as_date_set(days, name):
    result = frozenset(days)
    for d in result:
        if not isinstance(d, date) or isinstance(d, datetime):
            raise TypeError(f"{name} must contain datetime.date values, got {d!r}")
    return result


def _as_weekend(weekend):
    result = frozenset(weekend)
    if not result <= set(range(7)):
        raise ValueError(f"weekend must hold weekday numbers 0..6 (Monday = 0), got {sorted(result)}")
    if len(result) == 7:
        raise ValueError("weekend cannot cover all seven weekdays")
    return result


def _as_shifts(shifts):
    result = tuple(tuple(shift) for shift in shifts)
    if not result:
        raise ValueError("shifts must contain at least one (start, end) pair")
    previous_end = None
    for shift in result:
        if len(shift) != 2 or not all(isinstance(t, time) for t in shift):
            raise ValueError(f"each shift must be a (start, end) pair of datetime.time, got {shift!r}")
        start, end = shift
        if start.tzinfo or end.tzinfo:
            raise ValueError("shift times must be naive local times")
        if start >= end:
            raise ValueError(f"shift {start}–{end} must start before it ends")
        if previous_end is not None and start < previous_end:
            raise ValueError(f"shifts must be ordered and must not overlap ({start} < {previous_end})")
        previous_end = end
    return result


def _delta_to_micros(delta):
    if not isinstance(delta, timedelta):
        raise TypeError(f"delta must be a datetime.timedelta, got {delta!r}")
    if delta < timedelta(0):
        raise ValueError(f"delta must not be negative, got {delta}")
    return delta // timedelta(microseconds=1)
