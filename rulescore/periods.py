"""Dates and tijdvak names into calendar periods (maand, kwartaal, jaar), and Dutch month
notation ("2026-03", "maart 2026") into the month it names.

Knows no law. A period is half-open, ``[start, end)``, and always starts on the first day
of a month; a quarter starts in January, April, July or October, a year on 1 January.
Periods order by start, then by length, so sorting a mixed list reads like a calendar.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

import attrs

#: The tijdvakken a regulation or definition can declare, with their length in months.
KINDS = {"maand": 1, "kwartaal": 3, "jaar": 12}

MONTH_NAMES = ("januari", "februari", "maart", "april", "mei", "juni", "juli",
               "augustus", "september", "oktober", "november", "december")

_ISO_MONTH = re.compile(r"^([0-9]{4})-([0-9]{2})\Z")
_DUTCH_MONTH = re.compile(r"^([a-z]+) ([0-9]{4})\Z")


class NotAMonth(ValueError):
    """A text that names no month; the message says what was expected (Dutch)."""


def _index(d: dt.date) -> int:
    return d.year * 12 + d.month - 1


def _from_index(i: int) -> dt.date:
    year, month = divmod(i, 12)
    if not 1 <= year <= dt.MAXYEAR:
        raise OverflowError(f"jaar {year} valt buiten de kalender")
    return dt.date(year, month + 1, 1)


@attrs.frozen(order=True)
class Period:
    """One calendar period of a tijdvak kind: ``maand``, ``kwartaal`` or ``jaar``."""

    start: dt.date
    length: int = attrs.field(converter=int)  # in months: 1, 3 or 12

    @classmethod
    def containing(cls, kind: str, day: dt.date) -> "Period":
        """The period of ``kind`` that contains ``day``."""
        n = KINDS[kind]
        i = _index(day)
        return cls(_from_index(i - i % n), n)

    @property
    def kind(self) -> str:
        return {1: "maand", 3: "kwartaal", 12: "jaar"}[self.length]

    @property
    def end(self) -> dt.date:
        """The first day after the period."""
        return _from_index(_index(self.start) + self.length)

    def contains(self, day: dt.date) -> bool:
        return self.start <= day < self.end

    def months(self) -> tuple["Period", ...]:
        """The months of the period, in order."""
        i = _index(self.start)
        return tuple(Period(_from_index(i + k), 1) for k in range(self.length))

    def shifted(self, by: int) -> "Period":
        """The period ``by`` periods of the same kind later (earlier when negative)."""
        return Period(_from_index(_index(self.start) + by * self.length), self.length)

    def within(self, kind: str) -> "Period":
        """The period of ``kind`` that contains this period's start."""
        return Period.containing(kind, self.start)

    def label(self) -> str:
        """How a drafter writes it: ``2026-03``, ``2026-K2``, ``2026``."""
        if self.length == 12:
            return f"{self.start.year}"
        if self.length == 3:
            return f"{self.start.year}-K{(self.start.month - 1) // 3 + 1}"
        return f"{self.start.year}-{self.start.month:02d}"

    def __str__(self) -> str:
        return self.label()


def parse_month(text: str) -> Period:
    """``"2026-03"`` or ``"maart 2026"`` into that month; :class:`NotAMonth` otherwise."""
    s = text.strip()
    if m := _ISO_MONTH.match(s):
        year, month = int(m.group(1)), int(m.group(2))
    elif (m := _DUTCH_MONTH.match(s.lower())) and m.group(1) in MONTH_NAMES:
        year, month = int(m.group(2)), MONTH_NAMES.index(m.group(1)) + 1
    else:
        raise NotAMonth(f"'{text}' is geen maand; schrijf bijv. \"2026-03\" of \"maart 2026\"")
    if not 1 <= month <= 12 or year < 1:
        raise NotAMonth(f"'{text}' is geen maand: de maand loopt van 01 tot 12")
    return Period(dt.date(year, month, 1), 1)


_QUARTER = re.compile(r"^([0-9]{4})-[Kk]([1-4])\Z")
_YEAR = re.compile(r"^([0-9]{4})\Z")


def parse_period(text: str) -> Period:
    """A period as its label names it: ``2026`` (jaar), ``2026-K3`` (kwartaal), or a
    month as :func:`parse_month` reads it; :class:`NotAMonth` otherwise."""
    s = text.strip()
    if m := _YEAR.match(s):
        if int(m.group(1)) < 1:
            raise NotAMonth(f"'{text}' is geen jaar")
        return Period(dt.date(int(m.group(1)), 1, 1), 12)
    if m := _QUARTER.match(s):
        if int(m.group(1)) < 1:
            raise NotAMonth(f"'{text}' is geen kwartaal")
        return Period(dt.date(int(m.group(1)), 3 * int(m.group(2)) - 2, 1), 3)
    try:
        return parse_month(s)
    except NotAMonth:
        raise NotAMonth(f"'{text}' is geen periode; schrijf een maand (\"2026-03\" of "
                        f"\"maart 2026\"), een kwartaal (\"2026-K1\") of een jaar "
                        f"(\"2026\")") from None


def month_range(first: Period, last: Period) -> tuple[Period, ...]:
    """Every month from ``first`` up to and including ``last`` (both months)."""
    n = _index(last.start) - _index(first.start) + 1
    return tuple(first.shifted(k) for k in range(max(n, 0)))


def day_of_month(date: dt.date, day: int, shift: int = 0) -> dt.date:
    """Day ``day`` of the month of ``date`` shifted by ``shift`` months, or that month's last
    day where it is shorter (``dag 31 van de maand`` in February: the 28th or 29th)."""
    month = Period.containing("maand", date).shifted(shift).start
    return month.replace(day=min(day, calendar.monthrange(month.year, month.month)[1]))
