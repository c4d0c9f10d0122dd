"""Dated JSON values (a list of ``vanaf``/``tot`` pieces, a per-month object) and period
bounds into checked :class:`~rulescore.timeline.Piece` tuples, or diagnostics.

The forms are documented in docs/time.rst. ``vanaf`` is inclusive, ``tot`` exclusive,
``tot_en_met`` inclusive; a month (``2026-07``, ``juli 2026``) stands for its first day in
``vanaf``/``tot`` and its last day in ``tot_en_met``. Pieces must neither overlap nor
leave a gap (an intended gap is a piece with the value that holds then, e.g. € 0).
A piece may carry ``besluit``, the date from which its value was known (the decision or
report that gave it): pieces with the same ``besluit`` (or none) must not overlap, while a
later-known piece may cover the days of an earlier-known one (it supersedes it from its
``besluit`` on); the days covered by all pieces together must not have a gap.
Every problem is reported, with its JSON path, through the ``err`` callback.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Callable

from rulescore.errors import suggest
from rulescore.periods import NotAMonth, Period, parse_month
from rulescore.timeline import Piece

_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
PIECE_KEYS = ("vanaf", "tot", "tot_en_met", "waarde", "besluit", "toelichting")
PERIOD_KEYS = ("vanaf", "tot", "tot_en_met")
_FORMS = ('bijv. [{"vanaf": "2026-01-01", "tot": "2026-07", "waarde": "€ 0"}, '
          '{"vanaf": "juli 2026", "waarde": "€ 2.500,00"}] of {"2026-01": "€ 0", "maart 2026": 5}')

Err = Callable[..., None]


def show_day(d: dt.date | None) -> str:
    return d.isoformat() if d is not None else "altijd"


def show_period(start: dt.date | None, end: dt.date | None) -> str:
    """A half-open period as a drafter reads it: ``2026-01-01 tot 2026-07-01``,
    ``tot 2026-07-01``, ``vanaf 2026-07-01`` or ``altijd``."""
    if start is None:
        return f"tot {end}" if end is not None else "altijd"
    return f"{start} tot {end}" if end is not None else f"vanaf {start}"


def bound(raw, key: str, path: str, err: Err) -> tuple[bool, dt.date | None]:
    """A ``vanaf``/``tot``/``tot_en_met`` text as the half-open bound it sets: the start
    day for ``vanaf``, the first day *after* the period for the other two. (ok, day)."""
    if isinstance(raw, str) and _DATE.match(raw.strip()):
        try:
            day = dt.date.fromisoformat(raw.strip())
        except ValueError:
            day = None
        if day is not None:
            if key != "tot_en_met":
                return True, day
            return (True, day + dt.timedelta(days=1)) if day < dt.date.max else (True, None)
    elif isinstance(raw, str):
        try:
            month = parse_month(raw)
        except NotAMonth:
            month = None
        if month is not None:
            try:
                return True, month.start if key in ("vanaf", "tot") else month.end
            except OverflowError:
                return True, None
    err("RS523", f"'{key}' moet een datum (JJJJ-MM-DD) of een maand zijn, gekregen "
        f"{raw!r}", path, 'bijv. "2026-07-01", "2026-07" of "juli 2026"; bestaat de datum wel?')
    return False, None


def period(raw: dict, path: str, err: Err) -> tuple[bool, dt.date | None, dt.date | None]:
    """The ``vanaf``/``tot``/``tot_en_met`` of an object as (ok, start, end)."""
    ok, start, end = True, None, None
    if "tot" in raw and "tot_en_met" in raw:
        err("RS525", "'tot' en 'tot_en_met' samen: geef één einde", f"{path}.tot_en_met",
            "'tot' is exclusief (de dag of maand zelf niet), 'tot_en_met' inclusief")
        ok = False
    if "vanaf" in raw:
        good, start = bound(raw["vanaf"], "vanaf", f"{path}.vanaf", err)
        ok &= good
    for key in ("tot", "tot_en_met"):
        if key in raw and ok:
            good, end = bound(raw[key], key, f"{path}.{key}", err)
            ok &= good
    if ok and start is not None and end is not None and start >= end:
        key = "tot" if "tot" in raw else "tot_en_met"
        err("RS522", f"'vanaf' {raw['vanaf']} ligt niet vóór '{key}' {raw[key]}: een lege "
            "periode", f"{path}.{key}", "'tot' is exclusief: 'vanaf' moet ervóór liggen; "
            "een enkele dag is {\"vanaf\": d, \"tot_en_met\": d}")
        ok = False
    return ok, start, end


def declared_range(data: dict, err: Err) -> tuple[Period | None, Period | None]:
    """A situation's optional ``van``/``tot`` months (RS523 if not a month, RS530 when one
    stands alone or ``tot`` lies before ``van``)."""
    months = {}
    for key in ("van", "tot"):
        if key in data:
            try:
                months[key] = parse_month(data[key]) if isinstance(data[key], str) else None
            except NotAMonth:
                months[key] = None
            if months[key] is None:
                err("RS523", f"'{key}' moet een maand zijn, gekregen {data[key]!r}", f"$.{key}",
                    'bijv. "2026-01" of "januari 2026"')
    if len(months) == 1:
        (key,) = months
        other = "tot" if key == "van" else "van"
        err("RS530", f"'{key}' zonder '{other}': een situatie beschrijft de maanden van … tot "
            "en met …", f"$.{key}", 'bijv. "van": "2026-01", "tot": "2026-12"')
    van, tot = months.get("van"), months.get("tot")
    if van is None or tot is None:
        return None, None
    if tot < van:
        err("RS530", f"'tot' {tot} ligt vóór 'van' {van}", "$.tot",
            "'tot' is hier de laatste maand die de situatie beschrijft")
        return None, None
    return van, tot


def read_dated(raw, path: str, convert: Callable[[Any, str], Any], err: Err,
               span: tuple[dt.date, dt.date] | None) -> tuple[Piece, ...] | None:
    """A list of pieces or a per-month object into pieces, or None after reporting why.

    ``convert(raw, path)`` types one value (reporting its problems, None if bad); ``span``
    is the situation's own range ``[first day, day after]`` when it declares one."""
    pieces, ok = _pieces(raw, path, convert, err) if isinstance(raw, list) else \
        _months(raw, path, convert, err)
    ok &= _contiguous(pieces, err)  # (the well-formed pieces, so that all is reported)
    if span is not None:
        for p in pieces:
            if not _within(p.start, p.end, span):
                err("RS529", f"de periode {show_period(p.start, p.end)} valt helemaal buiten "
                    "de situatie ('van' … 'tot')", p.where,
                    f"de situatie beschrijft {show_period(*span)}; "
                    "verwijder het stuk of verruim 'van'/'tot'")
                ok = False
    if not ok or not pieces or any(p.value is None for p in pieces):
        return None
    return _merged(pieces)


def _within(start, end, span) -> bool:
    return (start is None or start < span[1]) and (end is None or end > span[0])


def _pieces(raw: list, path: str, convert, err) -> tuple[list[Piece], bool]:
    if not raw:
        err("RS525", "een lege lijst: geen enkele waarde", path, _FORMS)
        return [], False
    out, ok = [], True
    for i, item in enumerate(raw):
        where = f"{path}[{i}]"
        if not isinstance(item, dict):
            err("RS525", "een stuk van een gedateerde waarde is een object met 'waarde' en "
                "'vanaf'/'tot'", where, _FORMS)
            out.append(None)
            ok = False
            continue
        for key in item:
            if key not in PIECE_KEYS:
                err("RS525", f"onbekend veld '{key}' in een gedateerde waarde",
                    f"{where}.{key}", suggest(key, PIECE_KEYS) or _FORMS)
                ok = False
        good, start, end = period(item, where, err)
        if "waarde" not in item:
            err("RS525", "een stuk zonder 'waarde'", where, _FORMS)
            out.append(None)
            ok = False
            continue
        value = _value(item["waarde"], f"{where}.waarde", convert, err)
        known_ok, known = decision(item, where, err)
        good &= known_ok
        out.append(Piece(start, end, value, where, known) if good else None)
        ok &= good
    # a piece whose period is wrong would make false gaps: then only that is reported
    return ([] if None in out else out), ok


def decision(item: dict, where: str, err: Err) -> tuple[bool, dt.date | None]:
    """A piece's ``besluit`` (a date, RS534) as (ok, day); (True, None) without one."""
    if "besluit" not in item:
        return True, None
    raw = item["besluit"]
    if isinstance(raw, str) and _DATE.match(raw.strip()):
        try:
            return True, dt.date.fromisoformat(raw.strip())
        except ValueError:
            pass
    err("RS534", f"'besluit' moet een datum (JJJJ-MM-DD) zijn, gekregen {raw!r}",
        f"{where}.besluit", 'de dag vanaf welke de waarde bekend was, bijv. "2026-05-12"; '
        "bestaat de datum wel?")
    return False, None


def _months(raw: dict, path: str, convert, err) -> tuple[list[Piece], bool]:
    if not raw:
        err("RS525", "een leeg object: geen enkele maand", path, _FORMS)
        return [], False
    out, ok = [], True
    for key, item in raw.items():
        where = f"{path}.{key}"
        try:
            month: Period = parse_month(key)
        except NotAMonth as exc:
            err("RS524", f"de sleutel '{key}' is geen maand", where, str(exc))
            ok = False
            continue
        try:
            end = month.end
        except OverflowError:  # December 9999: onwards
            end = None
        out.append(Piece(month.start, end, _value(item, where, convert, err), where))
    return out, ok


def _value(raw, where: str, convert, err):
    if isinstance(raw, (list, dict)):
        err("RS525", "een gedateerde waarde binnen een gedateerde waarde", where,
            "de waarde van een stuk of maand is één waarde, bijv. \"€ 2.500,00\"")
        return None
    return convert(raw, where)


def _contiguous(pieces: list[Piece], err) -> bool:
    """Sort in place (by ``besluit``, then start); report overlaps between neighbours with
    the same ``besluit`` (RS520) and gaps in the days all pieces cover together (RS521)."""
    key = lambda p: (p.start is not None, p.start or dt.date.min)  # noqa: E731
    pieces.sort(key=lambda p: (p.known is not None, p.known or dt.date.min, *key(p)))
    ok = True
    for prev, nxt in zip(pieces, pieces[1:]):
        if prev.known == nxt.known and (prev.end is None or nxt.start is None
                                        or nxt.start < prev.end):
            err("RS520", f"het stuk {show_period(nxt.start, nxt.end)} overlapt met het stuk "
                f"{show_period(prev.start, prev.end)}", nxt.where,
                f"op elke dag geldt één waarde; zie ook {prev.where}"
                + ("" if nxt.known is None else " (een stuk met een later 'besluit' mag een "
                   "eerder bekend stuk wel overlappen)"))
            ok = False
    covered = sorted(pieces, key=key)
    reach = covered[0].end if covered else None
    for prev, nxt in zip(covered, covered[1:]):
        if reach is not None and nxt.start is not None and nxt.start > reach:
            err("RS521", f"een gat van {show_day(reach)} tot {show_day(nxt.start)} tussen "
                "twee stukken", nxt.where,
                "geef ook de waarde die in het gat geldt (bijv. € 0) als een stuk; "
                "een gegeven dat ontbreekt telt nooit als 0")
            ok = False
        if reach is not None:
            reach = None if nxt.end is None else max(reach, nxt.end)
    return ok


def _merged(pieces: list[Piece]) -> tuple[Piece, ...]:
    """Adjacent pieces with equal values (and ``besluit``) as one (so a constant is one
    piece)."""
    out = [pieces[0]]
    for p in pieces[1:]:
        last = out[-1]
        if (last.end == p.start and last.known == p.known and type(last.value) is type(p.value)
                and last.value == p.value):
            out[-1] = Piece(last.start, p.end, last.value, last.where, last.known)
        else:
            out.append(p)
    return tuple(out)
