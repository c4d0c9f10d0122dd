"""Dated entries (parameter values, table versions) and a date into the entry valid on it.

Below both evaluators: the reference evaluator and the batch evaluator select versions alike.
"""

from __future__ import annotations

import bisect
import datetime as dt

from rulescore import model as m


def dated_on(entries, date: dt.date):
    """The entry (parameter value, table version) valid on ``date``: the last that starts
    on or before it, unless its ``tot`` has passed; None before the first."""
    i = bisect.bisect_right([e.vanaf for e in entries], date) - 1
    if i < 0:
        return None
    entry = entries[i]
    return None if entry.tot is not None and date >= entry.tot else entry


def parameter_value(param: m.Parameter, date: dt.date):
    """The value of a dated parameter on a date, or None before its first value."""
    return dated_on(param.values, date)
