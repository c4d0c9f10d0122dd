"""Command-line option texts into values (a peildatum), shared by every command module."""

from __future__ import annotations

import datetime as dt

import click


def option_date(value: str | None) -> dt.date | None:
    """``--datum 2026-03-01`` as a date; a usage error in Dutch otherwise."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"'{value}' is geen datum; schrijf JJJJ-MM-DD") from None
