"""Dates and durations into the calendar facts the law asks for: ages, month and quarter starts.

Knows no law. Ages are completed years; someone born on 29 February turns a year
older on 1 March in a non-leap year. The calendar is :mod:`datetime`'s, years 1 to
9999; a result outside it raises :class:`OutsideCalendar`.
"""

from __future__ import annotations

import calendar as _pycal
import datetime as dt

from rulescore.model import Duration


class OutsideCalendar(ArithmeticError):
    """A date before 1 January of the year 1 or after 31 December 9999."""


def add(d: dt.date, dur: Duration, sign: int = 1) -> dt.date:
    """``d + dur`` (or minus): whole months first (clamped to month end), then days."""
    months = d.year * 12 + (d.month - 1) + sign * (dur.years * 12 + dur.months)
    year, month = divmod(months, 12)
    month += 1
    if not 1 <= year <= dt.MAXYEAR:
        raise OutsideCalendar(f"{year}")
    day = d.day if d.day <= 28 else min(d.day, _pycal.monthrange(year, month)[1])
    out = dt.date(year, month, day)
    try:
        return out + dt.timedelta(days=sign * dur.days) if dur.days else out
    except OverflowError:
        raise OutsideCalendar(f"{out} + {sign * dur.days} dagen") from None


def years_between(start: dt.date, end: dt.date) -> int:
    """Completed years from ``start`` to ``end`` (an age on a date)."""
    years = end.year - start.year
    if (end.month, end.day) < (start.month, start.day):
        years -= 1
    return years


def months_between(start: dt.date, end: dt.date) -> int:
    """Completed calendar months from ``start`` to ``end``."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < start.day:
        months -= 1
    return months


def first_of_next_month(d: dt.date) -> dt.date:
    if d.year == dt.MAXYEAR and d.month == 12:
        raise OutsideCalendar(f"de maand na {d}")
    return dt.date(d.year + (d.month == 12), d.month % 12 + 1, 1)


def first_of_month(d: dt.date) -> dt.date:
    return d.replace(day=1)


def first_of_quarter(d: dt.date) -> dt.date:
    return dt.date(d.year, 3 * ((d.month - 1) // 3) + 1, 1)


def first_of_year(d: dt.date) -> dt.date:
    return dt.date(d.year, 1, 1)
