"""``betaald op …`` / ``teruggevorderd op …`` clauses into diagnostics RS550–RS554.

A payment clause says on which day the value of a definition for one of its periods is
paid or recovered (docs/payments.rst). Only a definition with a tijdvak and an amount as
its type can have one: the calendar pays the amount of each period.
"""

from __future__ import annotations

import calendar

from rulescore import model as m
from rulescore.dsl.citation_checks import grounded, ungrounded
from rulescore.dsl.clause_checks import misplaced
from rulescore.errors import Diagnostic


def check_payments(regs: dict[str, m.Regulation], symbols: dict, periods: dict,
                   diags: list[Diagnostic]) -> None:
    """Diagnose every payment clause that cannot be paid as written (a scenario's
    ``wijzig betaling`` included: it is already laid over its definition's symbol)."""
    misplaced(regs, "betaling", "RS550", "wordt betaald of teruggevorderd",
              "zet 'betaald op …' bij de definitie of uitkomst van het bedrag", diags)
    for q, sym in symbols.items():
        decl = sym.decl
        if sym.kind != "definitie" or not isinstance(decl, m.Definition) \
                or decl.meta.betaling is None:
            continue
        clause = decl.meta.betaling
        where = dict(span=clause.span, context=regs[sym.regulation].title
                     if sym.regulation in regs else None)
        day_problem = _day_problem(clause)
        if day_problem:
            diags.append(Diagnostic("RS551", day_problem, **where,
                                    hint="een dag van 1 tot en met 31; een dag na het "
                                         "einde van een korte maand is de laatste dag"))
        if sym.type.display != "bedrag":
            diags.append(Diagnostic(
                "RS552", f"'{decl.name}' is een {sym.type.describe()}, geen bedrag: "
                "er valt niets te betalen", **where,
                hint="betaal een bedrag (bedrag per maand, per kwartaal of per jaar)"))
        if periods.get(q) is None:
            diags.append(Diagnostic(
                "RS553", f"'{decl.name}' heeft geen tijdvak: het is niet bekend welk "
                "bedrag per periode betaald wordt", **where,
                hint="geef de definitie of haar regeling een tijdvak: tijdvak maand, "
                     "kwartaal of jaar"))


def _day_problem(clause: m.PaymentClause) -> str | None:
    if clause.anchor == "jaar erna":
        last = calendar.monthrange(2024, clause.month)[1]  # a leap year: 29 februari may be
        if not 1 <= clause.day <= last:
            return f"dag {clause.day} bestaat niet in die maand"
        return None
    if not 1 <= clause.day <= 31:
        return f"dag {clause.day} bestaat in geen maand"
    return None


def change_payment(change: m.PaymentChange, sym, symbols: dict, reg: m.Regulation,
                   diags: list[Diagnostic]) -> None:
    """A scenario's ``wijzig betaling``: checked, then laid over the definition's clause."""
    import attrs

    from rulescore.errors import suggest

    where = dict(span=change.span, context=reg.title)
    if sym is None or sym.kind != "definitie" or not isinstance(sym.decl, m.Definition):
        what = f"is een {sym.kind}, geen definitie" if sym else "bestaat niet"
        diags.append(Diagnostic("RS554", f"'wijzig betaling {change.target}': die naam {what}",
                                **where, hint=suggest(change.target, [
                                    q for q, s in symbols.items() if s.kind == "definitie"])
                                or "alleen het betaalmoment van een definitie kan wijzigen"))
        return
    if change.meta.betaling is None:
        diags.append(Diagnostic("RS554", f"'wijzig betaling {change.target}' zegt niet wanneer",
                                **where, hint="schrijf bijv. 'betaald op dag 1 van de eerste maand'"))
        return
    if not grounded(change.meta):
        diags.append(ungrounded(f"de wijziging van '{change.target}'", **where))
    decl = sym.decl
    meta = attrs.evolve(decl.meta, betaling=change.meta.betaling,
                        aannames=decl.meta.aannames + change.meta.aannames,
                        citations=decl.meta.citations + change.meta.citations)
    symbols[change.target] = attrs.evolve(sym, decl=attrs.evolve(decl, meta=meta))
