"""Day numbers (int64 days since 1970-01-01) into calendar parts and back, as columns.

Durations are int64 ``months * DURATION_MONTH + days``. Results before 0001-01-01 or
after 9999-12-31 are flagged (:func:`outside_calendar`): the exact evaluator reports
them (RS411), as it cannot represent them either. The conversions are the proleptic
Gregorian day-count formulas (as in H. Hinnant, "chrono-compatible low-level date
algorithms"): integer arithmetic only, several times faster than numpy's datetime64
casts, and the same results as :mod:`datetime` (a test compares every day 1900-2100).
"""

from __future__ import annotations

import numpy as np

_DAYS_BEFORE_1970 = 719_468  # days from 0000-03-01 to 1970-01-01
_ERA = 146_097  # days in 400 years
#: A duration's months are counted in this unit, its days below it (the checker bounds
#: a duration's days to well under a million, RS284).
DURATION_MONTH = 1_000_000
#: Day numbers of 0001-01-01 and 9999-12-31, the calendar of :mod:`datetime`.
FIRST_DAY, LAST_DAY = -719_162, 2_932_896
_MONTH_LENGTH = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=np.int64)


def ymd(days):
    """(year, month, day) columns of day numbers."""
    z = np.asarray(days, dtype=np.int64) + _DAYS_BEFORE_1970
    era = z // _ERA
    doe = z - era * _ERA
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = np.where(mp < 10, mp + 3, mp - 9)
    year = yoe + era * 400 + (month <= 2)
    return year, month, day


def days_from_ymd(year, month, day):
    """Day numbers of (year, month, day) columns."""
    year = np.asarray(year, dtype=np.int64)
    month = np.asarray(month, dtype=np.int64)
    y = year - (month <= 2)
    era = y // 400
    yoe = y - era * 400
    doy = (153 * np.where(month > 2, month - 3, month + 9) + 2) // 5 + np.asarray(day) - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * _ERA + doe - _DAYS_BEFORE_1970


def month_length(year, month):
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    return _MONTH_LENGTH[month] + ((month == 2) & leap)


def add_duration(days, duration, sign: int = 1, parts=ymd):
    """``date + duur``: whole months first (clamped to the month's end), then days.

    Here and below ``parts`` is :func:`ymd` or a cached equivalent."""
    duration = np.asarray(duration, dtype=np.int64)
    months, extra = duration // DURATION_MONTH, duration % DURATION_MONTH
    y, m, d = parts(days)
    total = y * 12 + (m - 1) + sign * months
    y1, m1 = total // 12, total % 12 + 1
    return days_from_ymd(y1, m1, np.minimum(d, month_length(y1, m1))) + sign * extra


def outside_calendar(days):
    """Rows whose day number is not a date of years 1-9999 (for the unsure flag)."""
    days = np.asarray(days)
    if days.size == 0 or (FIRST_DAY <= days.min() and days.max() <= LAST_DAY):
        return np.False_
    return (days < FIRST_DAY) | (days > LAST_DAY)


def years_between(a, b, parts=ymd):
    ya, ma, da = parts(a)
    yb, mb, db = parts(b)
    before = (mb < ma) | ((mb == ma) & (db < da))
    return (yb - ya - before).astype(np.float64)


def months_between(a, b, parts=ymd):
    ya, ma, da = parts(a)
    yb, mb, db = parts(b)
    return ((yb - ya) * 12 + mb - ma - (db < da)).astype(np.float64)


def first_of_month(days, parts=ymd):
    return np.asarray(days, dtype=np.int64) - parts(days)[2] + 1


def first_of_next_month(days, parts=ymd):
    y, m, _ = parts(days)
    return days_from_ymd(y + (m == 12), m % 12 + 1, 1)


def first_of_quarter(days, parts=ymd):
    y, m, _ = parts(days)
    return days_from_ymd(y, (m - 1) // 3 * 3 + 1, 1)


def first_of_year(days, parts=ymd):
    return days_from_ymd(parts(days)[0], 1, 1)


def year(days, parts=ymd):
    return parts(days)[0].astype(np.float64)


def month(days, parts=ymd):
    return parts(days)[1].astype(np.float64)
