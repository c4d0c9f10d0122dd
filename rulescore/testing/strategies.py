"""Declared inputs into hypothesis strategies for valid, realistic situation documents.

Values follow each input's declared type and period (a ``bedrag per maand`` stays in a
monthly range, a ``bedrag`` without period is a stock such as savings), inputs with a
legal default are sometimes left out, relations only link persons that can have them
(marriages between adults at one address, parents at least 16 years older than their
children). Everything shrinks towards fewer persons, smaller amounts and ``false``.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from hypothesis import strategies as st

from rulescore.program import Program, Symbol

#: The basis facts the generator gives meaning to (declared by the ``basis`` plugin).
BIRTH, ADDRESS = "geboortedatum", "woonadres"
MARRIAGE, PARENT = "huwelijk", "ouder_van"

_RANGES = {"jaar": 80_000, "kwartaal": 20_000, "maand": 4_000, "dag": 300}


def _amount(high: int):
    """Whole cents as unambiguous Dutch text: ``"1234,56"``."""
    return st.integers(0, high * 100).map(lambda c: f"{c // 100},{c % 100:02d}")


def value_strategy(sym: Symbol, program: Program, peildatum: dt.date):
    """A strategy for one declared input's JSON value."""
    typ = sym.type
    domain = sym.decl.domain
    if domain is not None and domain.kind == "tussen":  # the declared domain, in whole cents
        low, high = (int(Fraction(b.value) * 100) for b in (domain.low, domain.high))
        if dict(typ.dimension.exponents).get("euro") == 1:
            return st.integers(low, high).map(lambda c: f"{c // 100},{c % 100:02d}")
        return st.integers(-(-low // 100), high // 100)
    if typ.kind == "getal":
        exps = dict(typ.dimension.exponents)
        if exps.get("euro") == 1:
            period = next((u for u, e in exps.items() if e == -1), None)
            if period is None:  # a stock: savings, debts, box-3 grondslag
                return st.one_of(st.just("0"), _amount(250_000))
            return _amount(_RANGES[period])
        return st.integers(0, 10)
    if typ.kind == "ja/nee":
        return st.booleans()
    if typ.kind == "keuze":
        return st.sampled_from(list(program.symbols[typ.enum].decl.values))
    if typ.kind == "datum":
        return st.dates(dt.date(1950, 1, 1), peildatum).map(dt.date.isoformat)
    return st.text("abcdefghij", min_size=1, max_size=6)


def _facts(draw, program: Program, owner: str, peildatum, relation: str | None = None) -> dict:
    facts = {}
    for name, sym in sorted(program.inputs().items()):
        decl = sym.decl
        if decl.owner != owner or decl.relation != relation or name in (BIRTH, ADDRESS):
            continue
        if decl.default is not None and draw(st.booleans()):
            continue  # the law's default applies
        facts[name] = draw(value_strategy(sym, program, peildatum))
    return facts


@st.composite
def situations(draw, program: Program, *, max_persons: int = 4, date: dt.date | None = None,
               with_partner: bool | None = None, max_dwellings: int = 2,
               omit_required: bool = False):
    """A valid situation document for ``program``.

    :param max_persons: household size, 1 up to this (at most 63).
    :param date: the peildatum; drawn from 2025-01-01 … 2026-06-30 when not given.
    :param with_partner: True: the first two persons are a married couple of adults at one
        address; False: no marriage; None: either.
    :param max_dwellings: persons are spread over at most this many dwellings.
    :param omit_required: sometimes leave out one required input (to test that it is
        reported, never treated as zero).
    """
    peildatum = date or draw(st.dates(dt.date(2025, 1, 1), dt.date(2026, 6, 30)))
    n = draw(st.integers(2 if with_partner else 1, max(max_persons, 2 if with_partner else 1)))
    n_dwellings = draw(st.integers(1, max(1, min(max_dwellings, n))))
    adults = max(1, draw(st.integers(2 if with_partner else 1, n)))
    persons, ages = {}, {}
    for i in range(n):
        pid = f"p{i}"
        age_days = (draw(st.integers(18 * 366, 95 * 365)) if i < adults
                    else draw(st.integers(0, 18 * 365 - 1)))
        born = peildatum - dt.timedelta(days=age_days)
        ages[pid] = age_days
        facts = {}
        if BIRTH in program.symbols:
            facts[BIRTH] = born.isoformat()
        if ADDRESS in program.symbols:
            facts[ADDRESS] = "w0" if i < 2 and with_partner else f"w{draw(st.integers(0, n_dwellings - 1))}"
        facts.update(_facts(draw, program, "persoon", peildatum))
        persons[pid] = facts
    relations = []
    if MARRIAGE in program.symbols and adults >= 2 and with_partner is not False:
        if with_partner or draw(st.booleans()):
            relations.append({"soort": MARRIAGE, "personen": ["p0", "p1"],
                              **_facts(draw, program, "relatie", peildatum, MARRIAGE)})
    if PARENT in program.symbols:
        for i in range(adults, n):
            older = [f"p{j}" for j in range(adults) if ages[f"p{j}"] - ages[f"p{i}"] >= 16 * 365]
            if older:
                parent = draw(st.sampled_from(older))
                relations.append({"soort": PARENT, "personen": [parent, f"p{i}"]})
                if ADDRESS in program.symbols:
                    persons[f"p{i}"][ADDRESS] = persons[parent][ADDRESS]
    others = [k for k in sorted(program.relations()) if k not in (MARRIAGE, PARENT)
              and program.symbols[k].decl.symmetric]
    used = {(r["soort"], p) for r in relations for p in r["personen"]}
    for i in range(adults):  # every pair of adults may have one more relation
        for j in range(i + 1, adults):
            kind = draw(st.one_of(st.none(), st.sampled_from(others))) if others else None
            if kind is not None and program.symbols[kind].decl.unique and (
                    (kind, f"p{i}") in used or (kind, f"p{j}") in used):
                kind = None  # a person has at most one relation of a unique kind
            if kind is not None:
                used |= {(kind, f"p{i}"), (kind, f"p{j}")}
                relations.append({"soort": kind, "personen": [f"p{i}", f"p{j}"],
                                  **_facts(draw, program, "relatie", peildatum, kind)})
    if omit_required:
        required = [(pid, k) for pid, f in persons.items() for k in f
                    if k not in (BIRTH, ADDRESS) and program.symbols[k].decl.default is None]
        if required and draw(st.integers(0, 4)) == 0:
            pid, key = draw(st.sampled_from(required))
            del persons[pid][key]
    dwellings = sorted({f[ADDRESS] for f in persons.values() if ADDRESS in f})
    return {"peildatum": peildatum.isoformat(), "personen": persons,
            "woningen": {w: _facts(draw, program, "woning", peildatum) for w in dwellings},
            "relaties": relations}
