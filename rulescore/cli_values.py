"""Command-line option texts into values (a peildatum, a range of months), shared by every
command module."""

from __future__ import annotations

import datetime as dt

import click

#: The situation file every command reads (``-`` for standard input).
situation_argument = click.argument(
    "situation", metavar="SITUATIE",
    type=click.Path(exists=True, dir_okay=False, allow_dash=True))


def option_date(value: str | None) -> dt.date | None:
    """``--datum 2026-03-01`` as a date; a usage error in Dutch otherwise."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"'{value}' is geen datum; schrijf JJJJ-MM-DD") from None


def option_months(first: str | None, last: str | None, date: str | None = None):
    """``--van``/``--tot`` as two month :class:`~rulescore.periods.Period` s; None when
    neither is given; a usage error in Dutch when only one is, when a text names no
    month, or with ``--datum`` as well; RS541/RS542 for an empty or too long range."""
    from rulescore.periods import NotAMonth, parse_month
    from rulescore.reference.ranges import range_months

    if first is None and last is None:
        return None
    if date is not None:
        raise click.UsageError("geef --datum of --van/--tot, niet beide")
    if first is None or last is None:
        raise click.UsageError("geef --van en --tot samen (de eerste en laatste maand)")
    span = []
    for flag, text in (("--van", first), ("--tot", last)):
        try:
            span.append(parse_month(text))
        except NotAMonth as exc:
            raise click.BadParameter(str(exc), param_hint=f"'{flag}'") from None
    range_months(*span)
    return tuple(span)


def situation_months(first: str | None, last: str | None, situation, date: str | None):
    """``--van``/``--tot`` (or the situation's own range) as two month periods; None for a
    snapshot (``--datum``, or neither given)."""
    if first is None and last is None:
        return None if date is not None or situation.range is None else situation.range
    return option_months(first, last, date)
