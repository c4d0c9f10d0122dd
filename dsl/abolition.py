"""A scenario's ``schaf R af [vanaf D]`` into one changed definition per outcome of R: nothing from D.

Abolishing a regulation is, for the rules, every ``uitkomst`` of it giving nothing — € 0,
0 or nee — from the day on (always, without a day), with the grounds the scenario states;
each becomes a ``wijzig definitie`` of that outcome (:func:`expand`), checked and laid
over it as any, so explanations show the scenario's formula and its ``aanname``. What
other regulations read of R besides its outcomes (a right, a dagloon, a date of birth
rule) stays as it is: an abolishing law says itself what it changes elsewhere, so the
scenario does too. :func:`still_read` names each such read as a warning, with the change
that would carry the abolition there.
"""

from __future__ import annotations

from fractions import Fraction

from rulescore import model as m
from rulescore.dsl.citation_checks import grounded, ungrounded
from rulescore.errors import Diagnostic, suggest


def expanded(changes, regs: dict[str, m.Regulation], symbols: dict, diags: list[Diagnostic]):
    """A scenario's changes with each ``schaf … af`` as the changed outcomes it stands for."""
    for change in changes:
        if isinstance(change, m.Abolition):
            yield from expand(change, regs, symbols, diags)
        else:
            yield change


def expand(abolition: m.Abolition, regs: dict[str, m.Regulation], symbols: dict,
           diags: list[Diagnostic]) -> list[m.DefinitionChange]:
    """The changed outcomes of ``abolition``; RS276 (no such regulation), RS273 (no
    grounds) and RS277 (an outcome that is neither an amount, a number nor ja/nee)."""
    reg = regs.get(abolition.target)
    if reg is None or reg.is_scenario:
        diags.append(Diagnostic("RS276", f"'schaf {abolition.target} af': die regeling is niet "
                                "geladen", span=abolition.span,
                                hint=suggest(abolition.target,
                                             [r for r, x in regs.items() if not x.is_scenario])))
        return []
    if not grounded(abolition.meta):
        diags.append(ungrounded(f"de afschaffing van '{abolition.target}'", "de regeling gaf",
                                span=abolition.span))
        return []
    when = f" vanaf {abolition.vanaf.isoformat()}" if abolition.vanaf else ""
    note = f"afgeschaft{when} (schaf {abolition.target} af)"
    meta = m.Meta(abolition.meta.citations, abolition.meta.toelichting or note,
                  abolition.meta.aannames)
    out = []
    for item in reg.items:
        if not (isinstance(item, m.Definition) and item.output):
            continue
        body = _nothing(item.type, abolition.span)
        if body is None:
            diags.append(Diagnostic("RS277", f"'schaf {abolition.target} af': de uitkomst "
                                    f"'{item.name}' is geen bedrag, getal of ja/nee, dus wat zij "
                                    "na de afschaffing is, zegt het scenario zelf",
                                    span=abolition.span,
                                    hint=f"zet 'wijzig definitie {reg.name}.{item.name}' in het "
                                         "scenario"))
            continue
        version = m.Version(abolition.vanaf, None, m.Meta(), body, span=abolition.span)
        out.append(m.DefinitionChange(f"{reg.name}.{item.name}", None, meta, (version,),
                                      abolition.vanaf is None, abolition.span))
    return out


def still_read(program) -> list[Diagnostic]:
    """RS278 (a warning) per definition of an abolished regulation, other than its
    outcomes, that a definition of another regulation reads: it keeps its value."""
    scenario = program.regulations.get(program.scenario) if program.scenario else None
    found = []
    for abolition in (c for c in (scenario.changes if scenario else ())
                      if isinstance(c, m.Abolition)):
        own = abolition.target
        readers: dict[str, list[str]] = {}
        for q, deps in program.dependencies.items():
            home = program.symbols[q].regulation if q in program.symbols else None
            if home in (own, program.scenario, None):
                continue
            for d in deps:
                sym = program.symbols.get(d)
                if (sym is not None and sym.regulation == own and sym.kind == "definitie"
                        and not sym.decl.output):
                    readers.setdefault(d, []).append(q)
        for d, who in sorted(readers.items()):
            found.append(Diagnostic(
                "RS278", f"'schaf {own} af': {', '.join(sorted(who))} leest nog '{d}', en dat "
                "blijft wat het was", span=abolition.span, level="waarschuwing",
                hint=f"werkt de afschaffing ook daar door, zet dan 'wijzig definitie {d}' in "
                     "het scenario"))
    return found


def _nothing(typ: m.TypeRef, span):
    if typ.base == "bedrag":
        return m.Literal(Fraction(0), "bedrag", typ.per, span)
    if typ.base in ("getal", "percentage"):
        return m.Literal(Fraction(0), "getal", None, span)
    if typ.base == "ja/nee":
        return m.Literal(False, "ja/nee", None, span)
    return None
