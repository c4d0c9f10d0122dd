"""Declarations of facts (inputs, relations) and worked-case facts into diagnostics (RS290–RS297).

A domain must fit the input's type and must not be empty; a default must fit the type
and the domain, and must state its grounds: the law that provides it (``bron``) or a
named assumption (``aanname``). A default without grounds would be a silent zero.
``zonder kringen`` only makes sense for a directed relation. A worked case names each
person and dwelling once and each of their facts once (the last would silently win).
"""

from __future__ import annotations

from fractions import Fraction

from rulescore import model as m
from rulescore import types as t
from rulescore.errors import Diagnostic, suggest

#: Which literal kinds a value of each type is written as (a percentage is a getal).
_NUMBER_KINDS = {"getal", "percentage"}


def _fits(lit: m.Literal, typ: t.Type) -> bool:
    """Whether a literal can be a value of the type (for bounds and defaults)."""
    if typ.kind == "getal":
        if typ.display == "bedrag":
            return lit.kind == "bedrag" and (lit.unit is None or lit.unit == _period(typ))
        return lit.kind in _NUMBER_KINDS
    if typ.kind == "keuze":
        return lit.kind == "tekst"
    return lit.kind == typ.kind


def _period(typ: t.Type) -> str | None:
    """The period of an amount type (``maand`` for bedrag per maand), None for a stock."""
    per = [u for u, e in typ.dimension.exponents if e == -1]
    return per[0] if per else None


def within(domain: m.Domain, value, peildatum=None) -> bool:
    """Whether a value lies in the domain; ``niet na peildatum`` needs the peildatum."""
    if domain.kind == "tussen":
        return domain.low.value <= value <= domain.high.value  # Fractions: exact
    if domain.kind == "niet negatief":
        return value >= 0
    return peildatum is None or value <= peildatum


def check_input(item: m.Input, typ: t.Type, context: str,
                choices: tuple[str, ...] = ()) -> list[Diagnostic]:
    """Every problem with an input's domain and default, at once."""
    diags = []
    domain = item.domain
    if domain is not None and typ is not None:
        numeric = typ.kind == "getal"
        if domain.kind == "niet na peildatum" and item.owner == "relatie":
            diags.append(Diagnostic("RS290", "'niet na peildatum' is er (nog) niet voor een "
                                    "gegeven van een relatie", span=domain.span, context=context,
                                    hint="alleen voor een datum van een persoon of woning"))
            domain = None
        elif domain.kind == "niet na peildatum" and typ.kind != "datum":
            diags.append(Diagnostic("RS290", f"'niet na peildatum' past alleen bij een datum, "
                                    f"niet bij {typ.describe()}", span=domain.span, context=context,
                                    hint="voor getallen en bedragen: 'niet negatief' of "
                                         "'tussen 0 en 50'"))
            domain = None
        elif domain.kind != "niet na peildatum" and not numeric:
            diags.append(Diagnostic("RS290", f"'{domain.kind}' past alleen bij een getal of bedrag, "
                                    f"niet bij {typ.describe()}", span=domain.span, context=context,
                                    hint="voor een datum: 'domein niet na peildatum'"))
            domain = None
        elif domain.kind == "tussen":
            bad = [b for b in (domain.low, domain.high) if not _fits(b, typ)]
            for b in bad:
                diags.append(Diagnostic("RS290", f"grens past niet bij het type {typ.describe()}",
                                        span=b.span, context=context,
                                        hint="een bedrag schrijft u als € 1.401,50 (met '€'), "
                                             "een getal zonder"))
            if bad:
                domain = None
            elif Fraction(domain.low.value) > Fraction(domain.high.value):
                diags.append(Diagnostic("RS291", "leeg domein: de ondergrens ligt boven de "
                                        "bovengrens", span=domain.span, context=context,
                                        hint="schrijf de kleinste waarde eerst: tussen 0 en 50"))
                domain = None
    if item.default is None or typ is None:
        return diags
    if not _fits(item.default, typ):
        diags.append(Diagnostic("RS294", f"standaardwaarde past niet bij het type {typ.describe()}",
                                span=item.default.span, context=context))
    elif typ.kind == "keuze" and item.default.value not in choices:
        diags.append(Diagnostic(
            "RS294", f"standaardwaarde '{item.default.value}' is geen waarde van {typ.describe()}",
            span=item.default.span, context=context,
            hint=suggest(item.default.value, choices) or f"kies uit {', '.join(choices)}"))
    elif domain is not None and domain.kind != "niet na peildatum" and not within(
            domain, Fraction(item.default.value)):
        diags.append(Diagnostic("RS293", "standaardwaarde ligt buiten het domein van "
                                f"'{item.name}'", span=item.default.span, context=context))
    grounds = item.default_meta
    if not grounds.citations and not grounds.aannames:
        diags.append(Diagnostic(
            "RS292", f"standaardwaarde van '{item.name}' zonder grond", span=item.default.span,
            context=context,
            hint="een standaardwaarde alleen waar de wet die geeft: zet eronder 'bron artikel …' "
                 "(het artikel dat haar geeft) of 'aanname \"…\"'; anders weglaten, dan moet "
                 "de situatie het gegeven noemen"))
    return diags


def check_relation(item: m.Relation, context: str) -> list[Diagnostic]:
    if item.acyclic and item.symmetric:
        return [Diagnostic("RS295", f"'zonder kringen' bij de wederzijdse relatie '{item.name}'",
                           span=item.span, context=context,
                           hint="een wederzijdse relatie verbindt altijd beide kanten; "
                                "'zonder kringen' is voor een gerichte relatie (ouder_van)")]
    return []


def check_example_facts(ex: m.Example, context: str) -> list[Diagnostic]:
    """A person or dwelling named twice in a worked case, or a fact given twice."""
    diags, seen = [], {}
    for ent in ex.entities:
        if ent.kind in ("persoon", "woning"):
            key = (ent.kind, ent.ids[0])
            if key in seen:
                diags.append(Diagnostic("RS296", f"{ent.kind} '{ent.ids[0]}' staat twee keer in "
                                        f"het voorbeeld", span=ent.span, context=context,
                                        hint=f"eerste keer: {seen[key]}; zet alle gegevens bij één"))
            else:
                seen[key] = ent.span
        names: dict = {}
        for fact in ent.facts:
            if fact.name in names:
                diags.append(Diagnostic("RS297", f"gegeven '{fact.name}' staat twee keer bij "
                                        f"{' en '.join(ent.ids)}", span=fact.span, context=context,
                                        hint=f"eerste keer: {names[fact.name]}"))
            else:
                names[fact.name] = fact.span
    return diags
