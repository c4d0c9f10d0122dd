"""A scenario's changed definitions and dated bindings into checked new declarations.

``wijzig definitie r.x … = …`` gives an existing definition a new body (or versions laid
over its own on their periods) with the grounds the change rests on; its type and tijdvak
stay the definition's (RS274 when the change states others), and its body is checked as if
it were written in the definition's own regulation, with the scenario's ``gebruikt``
regulations and the scenario's own names next to that regulation's.

``bind c volgens v voor r vanaf D`` becomes, per regulation, a definition of its own —
``c/v_vanaf_D_daarvoor_w`` — with two versions: until D the variant ``w`` the regulation
had (current law), from D the variant ``v``. Both evaluators select the version by the
peildatum, as for any definition, and the explanation names the one that held.

Unqualified names in a scenario's changes (``wijzig parameter bruto_ongehuwd`` with
``gebruikt aow``) are qualified here through its ``gebruikt`` regulations.
"""

from __future__ import annotations

import datetime as dt

import attrs

from rulescore import model as m
from rulescore.dsl.citation_checks import ungrounded
from rulescore.dsl.overlay import minus, reason
from rulescore.errors import Diagnostic, suggest
from rulescore.program import Symbol


def status_problems(status: m.ScenarioStatus) -> list[Diagnostic]:
    """A scenario's ``status``: one of the four words; ``gepland`` with its expected date,
    the others without one (RS298)."""
    if status.word not in m.SCENARIO_STATUSES:
        return [Diagnostic("RS298", f"onbekende status '{status.word}'", span=status.span,
                           hint=suggest(status.word, m.SCENARIO_STATUSES)
                           or ", ".join(m.SCENARIO_STATUSES))]
    if status.word == "gepland" and status.expected is None:
        return [Diagnostic("RS298", "status gepland zonder datum", span=status.span,
                           hint="schrijf bijv. 'status gepland verwacht 1 januari 2029'")]
    if status.word != "gepland" and status.expected is not None:
        return [Diagnostic("RS298", f"status {status.word} met een verwachte datum",
                           span=status.span, hint="alleen een geplande wijziging heeft een "
                                                  "verwachte datum")]
    return []


def qualified(change, scenario: m.Regulation, symbols: dict[str, Symbol], diags) -> str | None:
    """The change's target with its regulation: as written when qualified, else through the
    scenario's ``gebruikt`` regulations (RS202 when two have the name). None: reported."""
    if "." in change.target or not scenario.uses:
        return change.target
    found = [f"{u}.{change.target}" for u in scenario.uses if f"{u}.{change.target}" in symbols]
    if len(found) > 1:
        diags.append(Diagnostic("RS202", f"'{change.target}' is dubbelzinnig: het staat in "
                                + " en ".join(f.split(".")[0] for f in found), span=change.span,
                                hint="schrijf de regeling ervoor: " + " of ".join(found)))
        return None
    return found[0] if found else change.target


def change_definition(change: m.DefinitionChange, sym: Symbol | None, scenario: m.Regulation,
                      regs: dict[str, m.Regulation], symbols: dict[str, Symbol], diags) -> bool:
    """Check ``wijzig definitie`` against the definition it changes and lay it over it in
    ``symbols``; False when it cannot be applied (reported)."""
    if sym is None or sym.kind != "definitie" or "/" in change.target:
        what = f"is een {sym.kind}, geen definitie" if sym else "bestaat niet"
        diags.append(Diagnostic("RS272", f"'wijzig definitie {change.target}': die naam {what}",
                                span=change.span, hint=suggest(change.target, [
                                    q for q, s in symbols.items()
                                    if s.kind == "definitie" and "/" not in q])))
        return False
    orig: m.Definition = sym.decl
    home = regs[sym.regulation]
    problems = []
    if change.type is not None and _type_words(change.type) != _type_words(orig.type):
        problems.append(("type", f"{_type_text(change.type)} in plaats van "
                                 f"{_type_text(orig.type)}", change.type.span))
    own = orig.meta.tijdvak or home.tijdvak
    if change.meta.tijdvak is not None and (own is None or change.meta.tijdvak.name != own.name):
        problems.append(("tijdvak", f"{change.meta.tijdvak.name} in plaats van "
                                    f"{own.name if own else 'dat van de lezer'}",
                         change.meta.tijdvak.span))
    if change.meta.betaling is not None or change.meta.gezamenlijk is not None:
        problems.append(("betaling of gezamenlijk", "die blijven van de definitie zelf",
                         change.span))
    if not change.unversioned and (orig.selector is not None
                                   or orig.versions[0].regime is not None):
        problems.append(("versies", "de definitie kiest haar versie met overgangsrecht of "
                                    "'versies volgens'", change.span))
    for what, detail, span in problems:
        diags.append(Diagnostic("RS274", f"'wijzig definitie {change.target}' geeft een ander "
                                f"{what}: {detail}", span=span or change.span,
                                hint="een gewijzigde definitie houdt type, tijdvak, betaling en "
                                     "versiekeuze van de definitie; vervang anders het geheel "
                                     "met '= …'"))
    if not (change.meta.aannames or change.meta.citations
            or all(v.meta.aannames or v.meta.citations for v in change.versions)):
        diags.append(ungrounded(f"de wijziging van '{change.target}'", "de regel gebruikt",
                                span=change.span))
    if problems:
        return False
    why = f"scenario {scenario.name}: {reason(change) or 'gewijzigde definitie'}"
    kept = dict(tijdvak=orig.meta.tijdvak, betaling=orig.meta.betaling,
                gezamenlijk=orig.meta.gezamenlijk)
    if change.unversioned:  # the new body reads its facts as the change says, else as before
        meta = m.Meta(change.meta.citations, change.meta.toelichting, (why,),
                      vanaf_besluit=change.meta.vanaf_besluit or orig.meta.vanaf_besluit,
                      **kept)
        new = attrs.evolve(orig, meta=meta, versions=change.versions, selector=None,
                           unversioned=True)
    else:  # the change's clauses join the definition's: they govern every version's reads
        meta = attrs.evolve(orig.meta, vanaf_besluit=_joined(orig.meta.vanaf_besluit,
                                                             change.meta.vanaf_besluit))
        new = attrs.evolve(orig, meta=meta, versions=_over(orig, change, why),
                           unversioned=False)
    symbols[sym.qualname] = attrs.evolve(sym, decl=new)
    return True


def _joined(own: tuple, added: tuple) -> tuple:
    """The ``feit x telt vanaf het besluit`` clauses of a definition and of its change, each
    input once (the definition's first)."""
    names = {r.dotted for r in own}
    return own + tuple(r for r in added if r.dotted not in names)


def _over(orig: m.Definition, change: m.DefinitionChange, why: str) -> tuple[m.Version, ...]:
    """The change's versions on their periods, the definition's own elsewhere."""
    low = dt.date.min
    ends = [v.tot or (n.vanaf if n else None)
            for v, n in zip(change.versions, list(change.versions[1:]) + [None])]
    cuts = [(v.vanaf or low, end) for v, end in zip(change.versions, ends)]
    out = []
    for v in orig.versions:
        pieces = [(v.vanaf or low, v.tot)]
        for cut in cuts:
            pieces = [p for piece in pieces for p in minus(piece, cut)]
        out += [attrs.evolve(v, vanaf=None if a == low else a, tot=b) for a, b in pieces]
    for v, (start, end) in zip(change.versions, cuts):
        meta = attrs.evolve(v.meta, citations=change.meta.citations + v.meta.citations,
                            toelichting=v.meta.toelichting or change.meta.toelichting,
                            aannames=(why,) + v.meta.aannames)
        out.append(attrs.evolve(v, vanaf=None if start == low else start, tot=end, meta=meta))
    out.sort(key=lambda v: v.vanaf or low)
    return tuple(out)


def scope_regulation(home: m.Regulation, scenario: m.Regulation) -> m.Regulation:
    """The regulation a changed body is read in: the definition's own, which also uses the
    scenario itself and the scenario's ``gebruikt`` regulations."""
    extra = tuple(u for u in (scenario.name, *scenario.uses) if u not in home.uses)
    return attrs.evolve(home, uses=home.uses + extra)


def dated_bindings(regs: dict[str, m.Regulation], symbols: dict[str, Symbol],
                   bindings: dict, diags) -> dict[str, m.Regulation]:
    """Each ``bind … vanaf D`` of a scenario as a definition in ``symbols`` that switches
    variant on D, bound in ``bindings`` instead; → qualname → the scenario (to check it in)."""
    out: dict[str, m.Regulation] = {}
    for sc in (r for r in regs.values() if r.is_scenario):
        for b in (b for b in sc.bindings if b.vanaf is not None):
            new_q = f"{b.concept}/{b.variant}"
            if new_q not in symbols:
                continue  # RS201/RS271, reported with the bindings
            for target in b.regulations:
                if target not in regs or regs[target].is_scenario:
                    continue  # RS102, likewise
                old = _current(regs[target], sc, b)
                if old is None:
                    diags.append(Diagnostic(
                        "RS275", f"'bind {b.concept} volgens {b.variant} voor {target} vanaf "
                        f"{b.vanaf.isoformat()}': {target} bindt begrip '{b.concept}' aan geen "
                        "variant, dus vóór die datum geldt er geen", span=b.span,
                        hint="laat 'vanaf …' weg, of bind eerst zonder datum"))
                    continue
                q = f"{b.concept}/{b.variant}_vanaf_{b.vanaf.isoformat()}_daarvoor_{old}"
                if q not in symbols:
                    symbols[q] = _switch(q, symbols[b.concept], f"{b.concept}/{old}", new_q,
                                         b, sc)
                    out[q] = sc
                bindings[(target, b.concept)] = q.split("/", 1)[1]
    return out


def _current(reg: m.Regulation, scenario: m.Regulation, dated: m.Binding) -> str | None:
    """The variant ``reg`` has for the concept without the dated binding: the scenario's
    undated rebinding, else its own."""
    for b in scenario.bindings:
        if b.vanaf is None and b.concept == dated.concept and reg.name in b.regulations:
            return b.variant
    return next((b.variant for b in reg.bindings if b.concept == dated.concept), None)


def _switch(q: str, concept: Symbol, before: str, after: str, b: m.Binding,
            scenario: m.Regulation) -> Symbol:
    day = b.vanaf
    versions = (
        m.Version(None, day, m.Meta(toelichting=f"geldend recht tot {day.isoformat()}: "
                                    f"variant {before.split('/')[1]}"),
                  m.Ref((before,), b.span), span=b.span),
        m.Version(day, None, m.Meta(aannames=(
            f"scenario {scenario.name}: begrip {b.concept} volgens {b.variant} vanaf "
            f"{day.isoformat()}",)), m.Ref((after,), b.span), span=b.span))
    decl = m.Definition(q, concept.decl.type, m.Meta(), versions, span=b.span)
    return Symbol(q, "definitie", concept.type, scenario.name, decl)


def dated_periods(dated: dict[str, m.Regulation], symbols: dict[str, Symbol], periods: dict,
                  diags) -> None:
    """A switching binding's tijdvak: that of its variants (RS275 when both have one and
    they differ; one that follows its reader takes the other's)."""
    for q in dated:
        before, after = (v.body.parts[0] for v in symbols[q].decl.versions)
        a, b = periods.get(before), periods.get(after)
        if a and b and a != b:
            diags.append(Diagnostic("RS275", f"'{before}' geldt per {a or 'tijdvak van de lezer'}"
                                    f", '{after}' per {b or 'tijdvak van de lezer'}: een binding "
                                    "vanaf een datum wisselt alleen varianten met hetzelfde "
                                    "tijdvak", span=symbols[q].decl.span))
        periods[q] = a or b


def _type_words(ref: m.TypeRef) -> tuple:
    return ref.base, ref.per, ref.enum


def _type_text(ref: m.TypeRef) -> str:
    return ref.enum if ref.base == "keuze" else ref.base + (f" per {ref.per}" if ref.per else "")
