"""A Program and a Situation on a peildatum into, per person and regulation, the regime of
overgangsrecht (or the version chosen by a person's date) that applies: which of the
person's dates chose it, from when until when, and the law it rests on.

The choice is the evaluators' own (:mod:`rulescore.transitions`), made with the reference
evaluator's closures for the person's date and the end of his right, so the table and
``explain`` never disagree. A date the situation lacks is named, not guessed.

A scenario's ``bind c volgens v voor r vanaf D`` is listed too (:func:`dated_bindings`):
for every person alike, the variant of the concept that holds in ``r`` on the peildatum.
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
    """The regime (or version) of one definition for one person on the peildatum (or, with
    ``person`` None, a concept binding that holds for everyone)."""

    person: str | None
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
    return out + [b.choice(ctx.date) for b in dated_bindings(program)
                  if regulation is None or b.regulation == regulation]


@attrs.frozen
class DatedBinding:
    """``bind concept volgens after voor regulation vanaf day`` of ``scenario``, with the
    variant ``before`` that holds until ``day`` (current law)."""

    regulation: str
    concept: str
    before: str
    after: str
    day: dt.date
    scenario: str

    def holds(self, date: dt.date) -> str:
        return self.after if date >= self.day else self.before

    def describe(self) -> str:
        return (f"{self.regulation}: begrip {self.concept} volgens {self.before} tot "
                f"{self.day.isoformat()}, volgens {self.after} vanaf {self.day.isoformat()}")

    def choice(self, date: dt.date) -> Choice:
        later = date >= self.day
        return Choice(person=None, regulation=self.regulation,
                      definition=f"begrip {self.concept}",
                      regime=f"volgens {self.holds(date)}", date_name=None, date=None,
                      start=self.day if later else None, end=None if later else self.day,
                      citation=f"scenario {self.scenario}" if later else "geldend recht")


def dated_bindings(program: Program) -> list[DatedBinding]:
    """The scenario's bindings from a date, per regulation: the switching definitions
    the checker made of them (``c/v_vanaf_D_daarvoor_w``, :mod:`rulescore.dsl.scenario_checks`),
    read from their two versions."""
    out = []
    for (reg, concept), variant in sorted(program.bindings.items()):
        sym = program.symbols.get(f"{concept}/{variant}")
        if sym is None or "_vanaf_" not in variant \
                or not program.regulations[sym.regulation].is_scenario:
            continue
        versions = getattr(sym.decl, "versions", ())
        if len(versions) != 2 or versions[1].vanaf is None \
                or not all(isinstance(v.body, m.Ref) for v in versions):
            continue
        before, after = (v.body.parts[0].split("/", 1)[1] for v in versions)
        out.append(DatedBinding(reg, concept, before, after, versions[1].vanaf,
                                sym.regulation))
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
