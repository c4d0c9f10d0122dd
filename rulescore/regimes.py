"""A Program and a Situation on a peildatum into, per person and regulation, the regime of
overgangsrecht (or the version chosen by a person's date) that applies: which of the
person's dates chose it, from when until when, and the law it rests on.

The choice is the evaluators' own (:mod:`rulescore.transitions`), made with the reference
evaluator's closures for the person's date and the end of his right, so the table and
``explain`` never disagree. A date the situation lacks is named, not guessed.
"""

from __future__ import annotations

import datetime as dt

import attrs

from rulescore import citations
from rulescore import model as m
from rulescore import transitions
from rulescore.program import Program
from rulescore.reference.compiler import compile_expr
from rulescore.reference.context import MISSING, NO_VARS, EvaluationError
from rulescore.reference.results import compiled
from rulescore.situation import Situation


@attrs.frozen
class Choice:
    """The regime (or version) of one definition for one person on the peildatum."""

    person: str
    regulation: str
    definition: str
    #: ``regime bestaand "…" (…)`` or ``versie vanaf … tot …``; None when it cannot be chosen
    regime: str | None
    #: the person's date that chose it (its name as the rules write it) and its value
    date_name: str | None
    date: dt.date | None
    #: the peildata on which it applies to this person, ``[start, end)`` (None: open)
    start: dt.date | None
    end: dt.date | None
    #: the article(s), as ``BWBR… artikel …``
    citation: str
    #: why no regime could be chosen (a missing date, RS402)
    problem: str | None = None
    #: the regime's name and title as written (``bestaand``, ``Bestaande rechten``)
    name: str | None = None
    title: str | None = None

    def to_dict(self) -> dict:
        return {"persoon": self.person, "regeling": self.regulation, "definitie": self.definition,
                "regime": self.regime, "gekozen_door": self.date_name,
                "datum": self.date.isoformat() if self.date else None,
                "van": self.start.isoformat() if self.start else None,
                "tot": self.end.isoformat() if self.end else None,
                "bron": self.citation, "probleem": self.problem, "naam": self.name,
                "titel": self.title}


def transitional(program: Program, regulation: str | None = None) -> list[str]:
    """The definitions that state overgangsrecht or choose versions by a person's date."""
    return sorted(q for q, s in program.symbols.items() if isinstance(s.decl, m.Definition)
                  and (transitions.is_regimes(s.decl) or s.decl.selector is not None)
                  and (regulation is None or s.regulation == regulation))


def choices(program: Program, situation: Situation, date: dt.date | None = None,
            regulation: str | None = None) -> list[Choice]:
    """Every person's regime of every transitional definition on ``date`` (the peildatum)."""
    cp = compiled(program)
    ctx = cp.context(situation, date)
    names = citations.law_names(program)
    out = []
    for qual in transitional(program, regulation):
        sym = program.symbols[qual]
        decl: m.Definition = sym.decl
        selector = compile_expr(decl.selector, program) if decl.selector is not None else None
        for person in ctx.situation.person_ids:
            out.append(_choice(program, ctx, names, sym, decl, selector, person))
    return out


def _run(fn, ctx, person):
    try:
        return fn(ctx, person, NO_VARS), None
    except EvaluationError as exc:
        return None, f"{exc.diagnostic.code}: {exc.diagnostic.message}"


def _choice(program, ctx, names, sym, decl: m.Definition, selector, person: str) -> Choice:
    reg = program.regulations[sym.regulation]
    date_name = decl.selector.parts[-1] if isinstance(decl.selector, m.Ref) else None
    when, problem = (ctx.date, None) if selector is None else _run(selector, ctx, person)
    if when is MISSING:
        problem = f"{date_name} ontbreekt in de situatie"
    base = dict(person=person, regulation=sym.regulation, definition=sym.qualname,
                date_name=date_name, date=when if selector is not None and not problem else None)
    cite = citations.describe(decl.meta.citations, reg.bwb, names)
    if problem:
        return Choice(regime=None, start=None, end=None, citation=cite, problem=problem, **base)
    if not transitions.is_regimes(decl):
        return _version(decl, when, reg, names, cite, base)
    index = transitions.choose(decl, when, ctx.date)
    if index is None:
        return Choice(regime=None, start=None, end=None, citation=cite, problem=(
            f"RS402: geen regime geldt voor {date_name} {when}"), **base)
    end = None
    ends = decl.versions[index].regime.ends
    if ends is not None:
        end, problem = _run(compile_expr(ends, program), ctx, person)
        if end is MISSING:
            problem, end = "de einddatum van het recht ontbreekt in de situatie", None
        if problem:
            return Choice(regime=None, start=None, end=None, citation=cite, problem=problem,
                          **base)
        if transitions.ended(end, ctx.date):
            index = transitions.successor(decl, index)
    start, until = transitions.period_of(decl, index, when, end)
    version = decl.versions[index]
    cite = citations.describe(decl.meta.citations + version.meta.citations, reg.bwb, names)
    return Choice(regime=transitions.describe(decl, index), start=start, end=until,
                  citation=cite, name=version.regime.name, title=version.regime.title, **base)


def _version(decl, when, reg, names, cite, base) -> Choice:
    """A version chosen by a person's date (``versies volgens``): valid on every peildatum."""
    for v in decl.versions:
        if (v.vanaf is None or v.vanaf <= when) and (v.tot is None or when < v.tot):
            text = "versie " + " ".join(x for x in (
                f"vanaf {v.vanaf.isoformat()}" if v.vanaf else "",
                f"tot {v.tot.isoformat()}" if v.tot else "") if x)
            cite = citations.describe(decl.meta.citations + v.meta.citations, reg.bwb, names)
            return Choice(regime=text, start=None, end=None, citation=cite, **base)
    return Choice(regime=None, start=None, end=None, citation=cite,
                  problem=f"RS402: geen versie geldt voor {base['date_name']} {when}", **base)
