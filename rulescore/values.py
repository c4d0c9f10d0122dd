"""Exact runtime values into text: Dutch display and canonical JSON strings."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from rulescore.exact import is_number, round_exact, to_fraction
from rulescore.model import Duration
from rulescore.types import Type


def decimal_text(x: Fraction, places: int | None = None) -> str:
    """Exact decimal text (``1001.065``); non-terminating values to 10 places with ``…``."""
    if places is not None:
        q = round(x * 10 ** places)
        sign = "-" if q < 0 else ""
        q = abs(q)
        whole, frac = divmod(q, 10 ** places)
        return f"{sign}{whole}.{frac:0{places}d}" if places else f"{sign}{whole}"
    for n in range(0, 11):
        if (x * 10 ** n).denominator == 1:
            return decimal_text(x, n) if n else str(x.numerator)
    return decimal_text(x, 10) + "…"


def exact_text(x: Fraction) -> str:
    """Exact machine-readable text of a number: a decimal where it terminates (``1001.065``),
    else the fraction in lowest terms (``1433/12``), never a cut-off expansion."""
    x = Fraction(x)
    for n in range(0, 11):
        if (x * 10 ** n).denominator == 1:
            return decimal_text(x)
    return f"{x.numerator}/{x.denominator}"


def format_value(value, typ: Type) -> str:
    """Human display: ``€ 1.401,50 per maand``, ``13,73%``, ``2026-01-01``, ``ja``."""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if is_number(value):
        value = to_fraction(value)
        if typ.display == "percentage":
            return _dutch(value * 100) + "%"
        if typ.display == "bedrag":
            text = _dutch(value, minimum_places=2)
            per = typ.describe().removeprefix("bedrag")
            return f"€ {text}{per}"
        return _dutch(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return "{" + ", ".join(value) + "}"
    if isinstance(value, Duration):
        return duration_text(value)
    return str(value)


def duration_text(d: Duration) -> str:
    """``67 jaar en 3 maanden``, ``1 maand``, ``0 dagen`` (as a drafter writes one)."""
    parts = [f"{n} {one if n == 1 else many}" for n, one, many in (
        (d.years, "jaar", "jaar"), (d.months, "maand", "maanden"), (d.days, "dag", "dagen"))
        if n]
    if not parts:
        return "0 dagen"
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " en " + parts[-1]


def shown(value, typ: Type) -> str:
    """Like ``format_value``, but an amount that is not a whole number of cents is shown
    rounded half away from zero to cents, after ``≈`` (the exact value stays in the JSON)."""
    if is_number(value) and typ.display == "bedrag":
        if (to_fraction(value) * 100).denominator != 1:
            return "≈ " + format_value(round_exact(value, 100, "half_up"), typ)
    return format_value(value, typ)


def grouped(n: int) -> str:
    """A whole number in Dutch notation, thousands grouped with dots: ``2.000.000``."""
    return _dutch(Fraction(n))


def _dutch(x: Fraction, minimum_places: int = 0) -> str:
    text = decimal_text(x)
    if minimum_places and "." not in text:
        text += "." + "0" * minimum_places
    elif minimum_places and not text.endswith("…") and len(text.split(".")[1]) < minimum_places:
        text += "0" * (minimum_places - len(text.split(".")[1]))
    whole, _, frac = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    whole = whole.lstrip("-")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return sign + ".".join(groups) + ("," + frac if frac else "")


def json_value(value):
    """Canonical JSON form: exact strings for numbers (:func:`exact_text`), ISO dates,
    lists of ids."""
    if isinstance(value, bool):
        return value
    if is_number(value):
        return exact_text(to_fraction(value))
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, Duration):
        return {"jaren": value.years, "maanden": value.months, "dagen": value.days}
    return value
