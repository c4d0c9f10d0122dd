"""A dated table declaration and key values into the matching row's value."""

from __future__ import annotations

from rulescore import model as m
from rulescore.dated import dated_on


def matches(pattern: m.KeyPattern, key) -> bool:
    if pattern.kind == "overig":
        return True
    if pattern.kind == "is":
        return pattern.low.value == key
    if pattern.kind == "vanaf":
        return key >= pattern.low.value
    return pattern.low.value <= key < pattern.high.value


def version_on(table: m.Table, date) -> m.TableVersion | None:
    """The version of ``table`` valid on ``date``, or None (before the first, or after a ``tot``)."""
    return dated_on(table.versions, date)


def lookup(table: m.Table, date, keys: tuple):
    """The row value for ``keys`` in the version valid on ``date``; None if no row fits."""
    version = version_on(table, date)
    if version is None:
        return None, None
    for row in version.rows:
        if all(matches(p, k) for p, k in zip(row.keys, keys)):
            return version, row
    return version, None
