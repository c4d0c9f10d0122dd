"""Facts against the declared domains, and a household's structure, into diagnostics.

Every problem is located by its JSON path. Domains are declared in the rules
(``invoer … domein tussen 0 en 50``); ``niet na peildatum`` can only be checked once the
peildatum is known — when the situation states it, while loading; when it comes from
``--datum``, when the evaluation (reference or batch) starts.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import numpy as np

from rulescore import model as m
from rulescore.errors import Diagnostic
from rulescore.dsl.inputs import within
from rulescore.dsl.printer import domain as domain_text
from rulescore.dsl.printer import literal


def value_problem(decl: m.Input, value, path: str) -> Diagnostic | None:
    """A value outside its input's ``tussen``/``niet negatief`` domain (RS350)."""
    domain = decl.domain
    if domain is None or domain.kind == "niet na peildatum" or within(domain, value):
        return None
    hint = (f"de regels staan voor '{decl.name}' alleen waarden van "
            + (f"{literal(domain.low)} tot en met {literal(domain.high)}"
               if domain.kind == "tussen" else "0 of meer") + " toe")
    return Diagnostic("RS350", f"'{decl.name}' = {_number(value)} ligt buiten het domein "
                      f"({domain_text(domain)})", path=path, hint=hint)


def _number(value) -> str:
    from rulescore.values import decimal_text
    return decimal_text(Fraction(value))


def not_after_inputs(inputs: dict) -> tuple[str, ...]:
    """The person and dwelling inputs declared ``niet na peildatum``."""
    return tuple(sorted(n for n, s in inputs.items() if s.decl.domain is not None
                        and s.decl.domain.kind == "niet na peildatum"
                        and s.decl.owner in ("persoon", "woning")))


def date_problems(names, persons: dict, dwellings: dict, peildatum: dt.date) -> list[Diagnostic]:
    """Dates after the peildatum where the rules forbid them (RS351): an unborn person."""
    out = []
    for owner, where in (("personen", persons), ("woningen", dwellings)):
        for oid in sorted(where):
            facts = where[oid]
            for name in names:
                d = facts.get(name)
                if d is not None and d > peildatum:
                    out.append(_after(name, d, peildatum, f"$.{owner}.{oid}.{name}"))
    return out


def _after(name: str, d: dt.date, peildatum: dt.date, path: str) -> Diagnostic:
    what = ("een persoon die op de peildatum nog niet geboren is"
            if name == "geboortedatum" else "een datum na de peildatum")
    return Diagnostic("RS351", f"'{name}' {d.isoformat()} ligt na de peildatum "
                      f"{peildatum.isoformat()}: {what}", path=path,
                      hint="de regels staan hier alleen een datum op of vóór de peildatum toe; "
                           "controleer de datum, of laat een ongeboren kind weg")


def column_date_problems(names, inputs: dict, person_id, days: int, peildatum: dt.date):
    """The same check over batch columns (dates as days since 1970-01-01): (row, diagnostic)
    pairs; ``person_id(row)`` names the person of a row."""
    out = []
    for name in names:
        col = inputs.get(name)
        if col is None:
            continue
        for i in np.flatnonzero(col.present & (col.values > days)).tolist():
            d = dt.date(1970, 1, 1) + dt.timedelta(days=int(col.values[i]))
            out.append((i, _after(name, d, peildatum, f"$.personen.{person_id(i)}.{name}")))
    return out


def parent_cycles(kind: str, pairs: dict[tuple[str, str], int]) -> list[Diagnostic]:
    """Chains of a ``zonder kringen`` relation that return to where they start (RS354).

    ``pairs`` maps (a, b) to the index of the entry in ``$.relaties``; each cycle is
    reported once, at its first entry, with the persons in order."""
    succ: dict[str, list[str]] = {}
    for a, b in sorted(pairs):
        succ.setdefault(a, []).append(b)
    out, state, reported = [], {}, set()
    for root in sorted(succ):  # depth first, with an explicit stack (no recursion limit)
        if root in state:
            continue
        path, todo = [root], [iter(succ.get(root, ()))]
        state[root] = "open"
        while todo:
            nxt = next(todo[-1], None)
            if nxt is None:
                state[path.pop()] = "done"
                todo.pop()
            elif state.get(nxt) == "open":
                cycle = path[path.index(nxt):]
                if frozenset(cycle) not in reported:
                    reported.add(frozenset(cycle))
                    first = min(pairs[(x, y)] for x, y in zip(cycle, cycle[1:] + cycle[:1]))
                    shown = cycle if len(cycle) <= 8 else (
                        cycle[:4] + [f"… ({len(cycle) - 6} personen) …"] + cycle[-2:])
                    out.append(Diagnostic(
                        "RS354", f"kring in '{kind}': " + " → ".join(shown + [nxt]),
                        path=f"$.relaties[{first}]",
                        hint=f"'{kind}' is zonder kringen: niemand staat, ook niet via "
                             "anderen, in die relatie tot zichzelf; controleer de richting "
                             "van de relaties"))
            elif nxt not in state:
                state[nxt] = "open"
                path.append(nxt)
                todo.append(iter(succ.get(nxt, ())))
    return out
