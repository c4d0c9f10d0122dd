"""Period expressions and tijdvak clauses into checked types and diagnostics RS500–RS519
(RS509: ``in een jaar als deze maand``; RS510–RS512: ``over de eerdere maanden``, ``dag N
van de vorige maand``).

Registers the checkers of the period nodes (:mod:`rulescore.model_expressions`) with
:func:`rulescore.dsl.expressions.check_expr`; a read of a definition in another tijdvak
without one of these conversions is RS500 (checked where names are resolved).
"""

from __future__ import annotations

import attrs

from rulescore import model as m
from rulescore import types as t
from rulescore.dsl.expressions import _CHECKERS, ERR, Scope, check_expr
from rulescore.errors import Diagnostic, suggest
from rulescore.periods import KINDS


def _article(kind: str) -> str:
    return "de" if kind == "maand" else "het"


def _inside(scope: Scope, kind: str | None) -> Scope:
    return attrs.evolve(scope, tijdvak=kind, deps=scope.deps)


def _in_period(e: m.InPeriod, scope: Scope) -> t.Type:
    reader = scope.tijdvak
    words = f"in {_article(e.kind)} {'vorige ' if e.shift else ''}{e.kind}"
    fits = reader is not None and (KINDS[reader] < KINDS[e.kind] if e.shift == 0
                                   else KINDS[reader] <= KINDS[e.kind])
    inner = check_expr(e.operand, _inside(scope, e.kind if fits else None))
    if reader is None:
        return scope.error("RS502", f"'{words}' in een regel zonder tijdvak: het is niet "
                           f"bekend in welk tijdvak dit gelezen wordt", e,
                           hint="geef de definitie of haar regeling een tijdvak: "
                                "tijdvak maand|kwartaal|jaar")
    if e.shift == 0 and KINDS[reader] >= KINDS[e.kind]:
        return scope.error("RS502", f"'{words}' in een regel per {reader}: die ligt niet "
                           f"in een langer tijdvak ({e.kind})", e,
                           hint=f"'{words}' leest een langer tijdvak vanuit een korter; "
                                f"hier volstaat de waarde zelf, of 'in {_article(e.kind)} "
                                f"vorige {e.kind}'")
    if e.shift and KINDS[reader] > KINDS[e.kind]:
        return scope.error("RS502", f"'{words}' in een regel per {reader}: een {reader} "
                           f"heeft niet één vorige {e.kind}", e,
                           hint=f"lees over de maanden: som van … over de maanden van het {reader}")
    return inner


def _over_months(e: m.OverMonths, scope: Scope) -> t.Type:
    reader = scope.tijdvak
    plain = isinstance(e.operand, m.Ref)  # a name alone: RS501 says what is wrong with it
    inside = _inside(scope, None if plain else "maand")
    if e.earlier:  # months strictly before the current one: no edge of the cycle check
        inside = attrs.evolve(inside, deps=set())
    inner = check_expr(e.operand, inside)
    if e.earlier and reader != "maand":
        where = f"per {reader}" if reader else "zonder tijdvak"
        return scope.error("RS510", f"'over de eerdere maanden van het {e.period}' in een regel "
                           f"{where}: alleen een regel per maand heeft eerdere maanden", e,
                           hint="geef de definitie 'tijdvak maand', of lees alle maanden: "
                                f"over de maanden van het {e.period}")
    if e.earlier and e.kind == "gemiddelde":
        return scope.error("RS511", "'gemiddelde van … over de eerdere maanden': in de eerste "
                           "maand zijn er geen eerdere maanden", e,
                           hint="tel ze op (som van … over de eerdere maanden) en deel zelf "
                                "door het aantal maanden")
    if inner is ERR:
        return ERR
    res = scope.resolutions.get(id(e.operand)) if isinstance(e.operand, m.Ref) else None
    own = scope.tijdvakken.get(res.target) if res is not None and res.kind == "symbol" else None
    if own not in (None, "maand"):
        return scope.error("RS501", f"'{e.kind} van … over de maanden': '{res.target}' geldt "
                           f"per {own}, niet per maand", e.operand,
                           hint=f"lees een {own}bedrag met 'in het {own}' of op een dag")
    if reader is not None and KINDS[reader] > KINDS[e.period]:
        return scope.error("RS503", f"over de maanden van het {e.period} in een regel per "
                           f"{reader}: een {reader} is langer dan een {e.period}", e,
                           hint=f"schrijf: over de maanden van het {reader}")
    if not inner.is_number:
        return scope.error("RS504", f"{e.kind} van … over de maanden verwacht een getal of "
                           f"bedrag, niet {inner.describe()}", e.operand)
    if e.kind == "som":
        exps = dict(inner.dimension.exponents)
        if exps.get("maand") == -1:  # a bedrag per maand, summed over the months: per period
            per = t.Dimension.of([("maand", 1)]) / t.Dimension.of([(e.period, 1)])
            return t.Type("getal", inner.dimension * per, inner.display)
    return inner


def _months_where(e: m.MonthsWhere, scope: Scope) -> t.Type:
    reader = scope.tijdvak
    ct = check_expr(e.cond, _inside(scope, "maand"))
    if ct is not ERR and ct != t.JANEE:
        return scope.error("RS505", f"na 'waarin' staat een voorwaarde (ja/nee), niet "
                           f"{ct.describe()}", e.cond)
    if reader is not None and KINDS[reader] > KINDS[e.period]:
        return scope.error("RS503", f"de maanden van het {e.period} in een regel per "
                           f"{reader}: een {reader} is langer dan een {e.period}", e,
                           hint=f"schrijf: van het {reader}")
    if ct is ERR:
        return ERR
    return t.DATUM if e.kind == "eerste" else t.GETAL


def _on_date(e: m.OnDate, scope: Scope) -> t.Type:
    dt_ = check_expr(e.day, scope)
    inner = check_expr(e.operand, _inside(scope, None))
    if dt_ is not ERR and dt_ != t.DATUM:
        return scope.error("RS506", f"na 'op' staat een datum, niet {dt_.describe()}", e.day,
                           hint="bijvoorbeeld: op 1 januari, op de eerste dag van het kwartaal")
    return ERR if dt_ is ERR else inner


def _steady(e: m.SteadyState, scope: Scope) -> t.Type:
    """``x in een jaar als deze maand``: x must be of the longer period, the reader of the
    shorter one it is herleid from (RS509); the value keeps x's type (a bedrag per jaar)."""
    reader = scope.tijdvak
    this = "deze" if e.like == "maand" else "dit"
    words = f"in een {e.kind} als {this} {e.like}"
    plain = isinstance(e.operand, m.Ref)  # a name alone: RS509 says what is wrong with it
    inner = check_expr(e.operand, _inside(scope, None if plain else e.kind))
    if KINDS[e.like] >= KINDS[e.kind]:
        return scope.error("RS509", f"'{words}': een {e.kind} is niet langer dan een {e.like}",
                           e, hint=f"herleid naar een langer tijdvak: 'in een jaar als {this} "
                                   f"{e.like}'")
    if reader != e.like:
        where = f"per {reader}" if reader else "zonder tijdvak"
        if reader is None:
            hint = f"geef de definitie of haar regeling 'tijdvak {e.like}'"
        elif KINDS[reader] >= KINDS[e.kind]:
            hint = f"in een regel per {reader} volstaat de waarde zelf"
        else:
            hint = (f"schrijf: in een {e.kind} als {'deze' if reader == 'maand' else 'dit'} "
                    f"{reader}")
        return scope.error("RS509", f"'{words}' in een regel {where}: alleen een regel per "
                           f"{e.like} herleidt {this} {e.like} tot een {e.kind}", e, hint=hint)
    res = scope.resolutions.get(id(e.operand)) if plain else None
    own = scope.tijdvakken.get(res.target) if res is not None and res.kind == "symbol" else None
    if own not in (None, e.kind):
        return scope.error("RS509", f"'{words}': '{res.target}' geldt per {own}, niet per "
                           f"{e.kind}", e.operand,
                           hint=f"herleid een waarde per {e.kind}; een waarde per {own} lees je "
                                f"zelf of met een andere periode-uitdrukking")
    return inner


def _date_expr(e, scope: Scope) -> t.Type:
    return t.DATUM


def _day_of_month(e: m.DayOfMonth, scope: Scope) -> t.Type:
    if not 1 <= e.day <= 31:
        return scope.error("RS512", f"dag {e.day} van de maand bestaat niet", e,
                           hint="een dag van de maand is 1 tot en met 31 (in een kortere maand "
                                "telt de laatste dag)")
    return t.DATUM


_CHECKERS.update({m.InPeriod: _in_period, m.OverMonths: _over_months,
                  m.MonthsWhere: _months_where, m.OnDate: _on_date, m.SteadyState: _steady,
                  m.DayOfYear: _date_expr, m.PeriodStart: _date_expr,
                  m.DayOfMonth: _day_of_month})


def tijdvakken(regs: dict[str, m.Regulation], diags: list[Diagnostic]) -> dict:
    """qualname → the definition's tijdvak (its own, else its regulation's, else None); an
    unknown name (RS507) or a tijdvak on anything but a definition (RS508) diagnosed."""
    out: dict[str, str | None] = {}
    for reg in regs.values():
        header = _valid(reg.tijdvak, reg, diags)
        for item in reg.items:
            meta = getattr(item, "meta", None)
            clause = meta.tijdvak if meta is not None else None
            if isinstance(item, (m.Definition, m.Variant)):
                own = _valid(clause, reg, diags)
                q = (f"{reg.name}.{item.name}" if isinstance(item, m.Definition)
                     else f"{item.concept}/{item.name}")
                out[q] = own or header
            elif clause is not None:
                kind = {m.Input: "invoer", m.Parameter: "parameter", m.Table: "tabel"}.get(
                    type(item), "declaratie")
                diags.append(Diagnostic(
                    "RS508", f"een {kind} heeft geen eigen tijdvak ('{item.name}')",
                    span=clause.span, context=reg.title,
                    hint="invoer en parameters volgen hun lezer: de waarde op de peildatum "
                         "van het tijdvak waarin ze gelezen worden; haal 'tijdvak' weg"))
    return out


def _valid(clause: m.TijdvakClause | None, reg: m.Regulation, diags) -> str | None:
    if clause is None:
        return None
    if clause.name not in KINDS:
        diags.append(Diagnostic("RS507", f"onbekend tijdvak '{clause.name}'", span=clause.span,
                                context=reg.title,
                                hint=suggest(clause.name, KINDS) or "maand, kwartaal of jaar"))
        return None
    return clause.name
