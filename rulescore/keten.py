"""A situation with back-payments (nabetalingen) into their keteneffecten: every outcome
that changes when they are left out, per period, with the articles on the path from the
back-payment to it, and the difference in the payment calendar.

Which inputs are back-payments is stated in the rules, by convention: an amount input
whose name starts with ``nabetaling_`` (docs/time.rst, "Nabetalingen en keteneffecten").
This module knows no law: it evaluates the same situation twice over a range — as given,
and with every back-payment input set to € 0 — and compares the outcomes and payments.
"""

from __future__ import annotations

import json
from collections import deque
from fractions import Fraction
from typing import Any

import attrs

from rulescore import citations
from rulescore import model as m
from rulescore.exact import is_number, to_fraction
from rulescore.json_input import loads
from rulescore.payments import paid_definitions, payment_day
from rulescore.periods import Period, month_range
from rulescore.program import Program
from rulescore.reference.household import per_month
from rulescore.reference.ranges import evaluate_range
from rulescore.reference.results import provenance
from rulescore.situation import Situation
from rulescore.values import decimal_text, format_value, json_value, shown

#: The prefix by which the rules mark an amount input as a back-payment.
PREFIX = "nabetaling_"


def backpayment_inputs(program: Program) -> tuple[str, ...]:
    """Every amount input the rules mark as a back-payment (``nabetaling_…``), sorted."""
    return tuple(sorted(q for q, s in program.inputs().items()
                        if q.startswith(PREFIX) and s.type.display == "bedrag"))


def without_backpayments(data: dict, names) -> dict:
    """The situation document with every back-payment input of every person set to € 0."""
    out = dict(data)
    persons = {}
    for pid, facts in (data.get("personen") or {}).items():
        if isinstance(facts, dict):
            facts = dict(facts)
            for name in names:
                if name in facts:
                    facts[name] = 0
        persons[pid] = facts
    out["personen"] = persons
    return out


def reads(program: Program, qualname: str) -> tuple[str, ...]:
    """The definitions and inputs ``qualname`` reads directly."""
    decl = program.symbols[qualname].decl
    found = list(program.dependencies.get(qualname, ()))
    bodies = [v.body for v in getattr(decl, "versions", ())]
    if isinstance(decl, m.Variant):
        bodies.append(decl.body)
    stack = [b for b in bodies if b is not None]
    while stack:
        node = stack.pop()
        if isinstance(node, m.Ref):
            res = program.resolutions.get(id(node))
            if res is not None and res.kind == "symbol" and res.target in program.symbols \
                    and program.symbols[res.target].kind == "invoer":
                found.append(res.target)
        for v in attrs.astuple(node, recurse=False):
            stack.extend(x for x in (v if isinstance(v, tuple) else (v,))
                         if attrs.has(type(x)) and not isinstance(x, m.Span))
    return tuple(dict.fromkeys(found))


def path_to(program: Program, outcome: str, inputs, unchanged=frozenset()) -> list[str]:
    """The shortest chain of names from ``outcome`` down to one of ``inputs`` (both ends
    included) that avoids the definitions in ``unchanged``, or [] when there is none."""
    goal = set(inputs)
    before: dict[str, str | None] = {outcome: None}
    todo = deque([outcome])
    while todo:
        here = todo.popleft()
        if here in goal:
            chain = [here]
            while before[chain[-1]] is not None:
                chain.append(before[chain[-1]])
            return chain[::-1]
        if program.symbols[here].kind == "invoer":
            continue
        for nxt in reads(program, here):
            if nxt not in before and nxt in program.symbols and nxt not in unchanged:
                before[nxt] = here
                todo.append(nxt)
    return []


def articles(program: Program, chain) -> list[dict]:
    """Each name on a chain with the articles it cites (as ``explain`` names them)."""
    names = citations.law_names(program)
    out = []
    for q in chain:
        sym = program.symbols[q]
        reg = program.regulations[sym.regulation]
        meta = getattr(sym.decl, "meta", None)
        cited = meta.citations if meta else ()
        out.append({"naam": q, "regeling": sym.regulation,
                    "bron": citations.describe(cited, reg.bwb, names) if cited else ""})
    return out


@attrs.frozen
class Change:
    """One outcome of one person in one period that differs without the back-payments."""

    qualname: str
    person: str
    period: Period
    with_: object
    without: object


@attrs.frozen
class Chain:
    """The keteneffecten of the back-payments in a situation over a range of months."""

    program: Program = attrs.field(repr=False)
    first: Period
    last: Period
    inputs: tuple[str, ...]
    #: (person, input, month label, amount) of every back-payment in the range
    payments_in: tuple
    changes: tuple[Change, ...]
    #: qualname → the chain of names from the outcome to a back-payment input
    paths: dict
    #: (day, person, qualname, period label, with, without) for every changed payment
    calendar: tuple

    def per_month_difference(self) -> dict[str, Fraction]:
        out: dict[str, Fraction] = {}
        for day, _p, _q, _label, a, b in self.calendar:
            key = day.isoformat()[:7]
            out[key] = out.get(key, Fraction(0)) + a - b
        return dict(sorted(out.items()))

    def regulations(self) -> list[str]:
        return sorted({self.program.symbols[c.qualname].regulation for c in self.changes})

    def to_dict(self) -> dict[str, Any]:
        rows = []
        for c in self.changes:
            typ = self.program.symbols[c.qualname].type
            row = {"uitkomst": c.qualname, "regeling": self.program.symbols[c.qualname].regulation,
                   "persoon": c.person, "periode": c.period.label(),
                   "met_nabetaling": json_value(c.with_), "zonder_nabetaling": json_value(c.without),
                   "weergave_met": format_value(c.with_, typ),
                   "weergave_zonder": format_value(c.without, typ)}
            diff = _difference(c, typ)
            if diff is not None:
                row["verschil"] = decimal_text(diff)
                row["weergave_verschil"] = shown(diff, typ)
            rows.append(row)
        return {
            "van": self.first.label(), "tot": self.last.label(),
            "nabetalingsinvoer": list(self.inputs),
            "nabetalingen": [{"persoon": p, "invoer": n, "maand": label, "bedrag": decimal_text(v),
                              **extra} for p, n, label, v, extra in self.payments_in],
            "regelingen": self.regulations(), "wijzigingen": rows,
            "paden": {q: articles(self.program, chain) for q, chain in sorted(self.paths.items())},
            "betalingen": [{"datum": d.isoformat(), "persoon": p, "uitkomst": q, "periode": label,
                            "met_nabetaling": decimal_text(a), "zonder_nabetaling": decimal_text(b),
                            "verschil": decimal_text(a - b),
                            "soort": "nabetaling" if a > b else "terugvordering"}
                           for d, p, q, label, a, b in self.calendar],
            "betalingen_verschil_per_maand": {k: decimal_text(v) for k, v in
                                              self.per_month_difference().items()},
            "herkomst": provenance(self.program, {"van": self.first.label(),
                                                  "tot": self.last.label()}),
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _difference(c: Change, typ) -> Fraction | None:
    if is_number(c.with_) and is_number(c.without):
        return to_fraction(c.with_) - to_fraction(c.without)
    return None


def chain(program: Program, text: str, first: Period, last: Period,
          source: str = "<situatie>") -> Chain:
    """The keteneffecten of the back-payments in the situation (JSON ``text``) over the
    months ``first`` to ``last``. Raises RulesError as loading and evaluation do (a bad
    situation, a missing input, an empty range); rules that mark no input as a
    back-payment give an empty chain."""
    names = backpayment_inputs(program)
    given = Situation.from_json(text, program, source=source)
    bare = Situation.from_dict(without_backpayments(loads(text), names), program)
    outputs = tuple(dict.fromkeys((*program.outputs, *paid_definitions(program))))
    a = evaluate_range(program, given, first, last, outputs)
    b = evaluate_range(program, bare, first, last, outputs)
    changes = tuple(Change(q, p, period, v, b.values.get((q, p, period)))
                    for (q, p, period), v in sorted(a.values.items(),
                                                    key=lambda kv: (kv[0][1], kv[0][0], kv[0][2]))
                    if b.values.get((q, p, period)) != v)
    same = unchanged_definitions(a.context, b.context)
    paths = {c.qualname: path_to(program, c.qualname, names, same) for c in changes}
    return Chain(program, first, last, names, _payments_in(given, names, first, last),
                 changes, paths, _calendar(program, a, b))


def unchanged_definitions(ctx_a, ctx_b) -> set[str]:
    """The definitions that were memoised with the same value, for every person in every
    period or snapshot, in two evaluations of the same household (a definition the
    evaluator does not memoise, such as a plain alias, is in neither set). A value only one
    evaluation needed (the bijstand of an earlier year a back-payment reaches back to) is
    no evidence either way: it is compared where both have it."""
    same: set[str] = set()
    moved: set[str] = set()
    for where, state in ctx_a.memos.items():
        other = ctx_b.memos.get(where)
        memo_b = other[0] if other is not None else {}
        for key, value in state[0].items():
            if key not in memo_b:
                continue
            (moved if memo_b[key] != value else same).add(key[0])
    return same - moved


def _payments_in(situation: Situation, names, first: Period, last: Period) -> tuple:
    out = []
    for month in month_range(first, last):
        snap = situation.at(month.start)
        for pid in snap.person_ids:
            facts = snap.persons[pid]
            for n in names:
                v = facts.get(n)
                if is_number(v) and to_fraction(v) != 0:
                    extra = {k: str(facts[f"{n}{k}"]) for k in ("_reden", "_betreft")
                             if facts.get(f"{n}{k}") is not None}
                    out.append((pid, n, month.label(), to_fraction(v),
                                {k.lstrip("_"): v for k, v in extra.items()}))
    return tuple(out)


def _calendar(program: Program, a, b) -> tuple:
    """Every paid or recovered amount (payment clauses) of a period in the range that
    differs with and without the back-payments, by payment day: what was paid without
    them and what is owed with them (the difference is a nabetaling or terugvordering)."""
    clauses = paid_definitions(program)
    out = []
    for (q, person, period), value in a.values.items():
        if q not in clauses:
            continue
        typ = program.symbols[q].type
        sign = -1 if clauses[q].direction == "teruggevorderd" else 1
        x = sign * _paid(value, typ, period)
        y = sign * _paid(b.values.get((q, person, period)), typ, period)
        if x != y:
            out.append((payment_day(clauses[q], period), person, q, period.label(), x, y))
    return tuple(sorted(out))


def _paid(value, typ, period: Period) -> Fraction:
    """What is paid for ``period`` (as the payment calendar counts it)."""
    if not is_number(value):
        return Fraction(0)
    monthly = per_month(value, typ)
    return monthly * period.length if monthly is not None else to_fraction(value)
