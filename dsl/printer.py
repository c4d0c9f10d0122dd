"""A model back into canonical rules text, so that parse(print(model)) == model.

Used as a formatter and by the round-trip property test. Sub-expressions are
parenthesised whenever they are not atoms, which is always safe and always re-parses to
the same tree (parentheses make no node of their own).
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from rulescore import model as m
from rulescore.periods import MONTH_NAMES
from rulescore.values import decimal_text

_ROUNDING = {("centen", "half_up"): "afgerond op centen",
             ("euros", "half_up"): "afgerond op hele euro's",
             ("centen", "down"): "naar beneden afgerond op centen",
             ("euros", "down"): "naar beneden afgerond op hele euro's",
             ("centen", "up"): "naar boven afgerond op centen",
             ("euros", "up"): "naar boven afgerond op hele euro's"}


def dutch_number(x: Fraction) -> str:
    """``1401.5`` → ``1.401,5`` (exact; the value must have a terminating decimal)."""
    text = decimal_text(x)
    if text.endswith("…"):
        raise ValueError(f"{x} has no exact decimal notation")
    whole, _, frac = text.partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return ".".join(groups) + ("," + frac if frac else "")


def literal(lit: m.Literal) -> str:
    v = lit.value
    if lit.kind == "bedrag":
        return f"€ {dutch_number(v)}" + (f" per {lit.unit}" if lit.unit else "")
    if lit.kind == "getal":
        return dutch_number(v)
    if lit.kind == "percentage":
        return dutch_number(v * 100) + "%"
    if lit.kind == "omrekenfactor":
        return f"{dutch_number(v)} {lit.unit[0]} per {lit.unit[1]}"
    if lit.kind == "duur":
        return duration(v)
    if lit.kind == "datum":
        return v.isoformat()
    if lit.kind == "ja/nee":
        return "ja" if v else "nee"
    return f'"{v}"'


def domain(d: m.Domain) -> str:
    """An input's domain as written after ``domein``: ``tussen 0 en 50``, ``niet negatief``."""
    if d.kind == "tussen":
        return f"tussen {literal(d.low)} en {literal(d.high)}"
    return d.kind


def duration(d: m.Duration) -> str:
    if d.years and d.months and not d.days:
        return f"{d.years} jaar en {d.months} maanden"
    if d.days and not (d.years or d.months):
        return f"{d.days} dagen"
    if d.months and not (d.years or d.days):
        return f"{d.months} maanden"
    if not (d.months or d.days):
        return f"{d.years} jaar"
    raise ValueError(f"duration {d} has no notation")


def expr(e) -> str:
    """One expression; non-atomic operands are parenthesised."""
    if isinstance(e, m.Literal):
        return literal(e)
    if isinstance(e, m.Ref):
        return e.dotted
    if isinstance(e, m.Subject):
        return "ik"
    if isinstance(e, m.EvalDate):
        return "peildatum"
    if isinstance(e, m.Undecided):
        return f'onbeslist "{e.message}"'
    if isinstance(e, m.Contributions):
        return "bijdragen"
    if isinstance(e, m.Binary):
        return f"{_operand(e.left)} {e.op} {_operand(e.right)}"
    if isinstance(e, m.Unary):
        return f"{'niet ' if e.op == 'niet' else '-'}{_operand(e.operand)}"
    if isinstance(e, m.If):
        return f"als {_operand(e.cond)} dan {_operand(e.then)} anders {_operand(e.otherwise)}"
    if isinstance(e, m.Round):
        return f"{_operand(e.operand)} {_ROUNDING[(e.to, e.mode)]}"
    if isinstance(e, m.Call):
        return f"{e.func.dotted}({', '.join(expr(a) for a in e.args)})"
    if isinstance(e, m.Filter):
        return f"({e.var} in {expr(e.source)} waarvoor {expr(e.cond)})"
    if isinstance(e, m.Aggregate):
        if e.kind == "aantal":
            return f"aantal({expr(e.source)})"
        return f"{e.kind}({e.var} in {expr(e.source)}: {expr(e.body)})"
    if isinstance(e, m.InPeriod):
        lw = "de" if e.kind == "maand" else "het"
        return f"{_operand(e.operand)} in {lw} {'vorige ' if e.shift else ''}{e.kind}"
    if isinstance(e, m.OnDate):
        return f"{_operand(e.operand)} op {_operand(e.day)}"
    if isinstance(e, m.KnownAs):
        return f"{_operand(e.operand)} zoals bekend op {_operand(e.day)}"
    if isinstance(e, m.SteadyState):
        this = "deze" if e.like == "maand" else "dit"
        return f"{_operand(e.operand)} in een {e.kind} als {this} {e.like}"
    if isinstance(e, m.DayOfYear):
        return f"{e.day} {MONTH_NAMES[e.month - 1]}"
    if isinstance(e, m.DayOfMonth):
        return f"dag {e.day} van de {'vorige ' if e.shift else ''}maand"
    if isinstance(e, m.PeriodStart):
        return f"de eerste dag van {'de' if e.kind == 'maand' else 'het'} {e.kind}"
    if isinstance(e, m.OverMonths):
        earlier = "eerdere " if e.earlier else ""
        return f"{e.kind} van {expr(e.operand)} over de {earlier}maanden van het {e.period}"
    if isinstance(e, m.MonthsWhere):
        words = {"aantal": "aantal maanden", "aandeel": "aandeel", "eerste": "eerste maand"}
        return f"{words[e.kind]} van het {e.period} waarin {expr(e.cond)}"
    if isinstance(e, m.Where):
        return f"{_operand(e.operand)} waarbij " + " en ".join(
            substitution(s) for s in e.substitutions)
    raise TypeError(f"cannot print {type(e).__name__}")


def substitution(s: m.Substitution) -> str:
    """``y gelijk is aan z`` of a ``waarbij``."""
    return f"{s.target.dotted} gelijk is aan {_operand(s.value)}"


def _operand(e) -> str:
    atomic = isinstance(e, (m.Ref, m.Subject, m.EvalDate, m.Call, m.Filter, m.Aggregate,
                           m.Undecided, m.Contributions, m.DayOfYear, m.DayOfMonth, m.PeriodStart,
                           m.OverMonths)) or (
        isinstance(e, m.Literal) and e.kind not in ("duur",))
    return expr(e) if atomic else f"({expr(e)})"


def _date(d: dt.date) -> str:
    return d.isoformat()


def _meta(meta: m.Meta, indent: str = "  ") -> list[str]:
    lines = []
    for c in meta.citations:
        parts = ["bron"] + ([c.bwb] if c.bwb else []) + [f"artikel {c.artikel}"]
        parts += [f"lid {c.lid}"] if c.lid else []
        parts += [f"onderdeel {c.onderdeel}"] if c.onderdeel else []
        parts += [f'"{c.url}"'] if c.url else []
        lines.append(indent + " ".join(parts))
    if meta.toelichting:
        lines.append(f'{indent}toelichting "{meta.toelichting}"')
    lines.extend(f'{indent}aanname "{a}"' for a in meta.aannames)
    if meta.tijdvak is not None:
        lines.append(f"{indent}tijdvak {meta.tijdvak.name}")
    if meta.betaling is not None:
        lines.append(indent + payment(meta.betaling))
    if meta.gezamenlijk is not None:
        lines.append(f"{indent}gezamenlijk met {meta.gezamenlijk.dotted}")
    for ref in meta.vanaf_besluit:
        lines.append(f"{indent}feit {ref.dotted} telt vanaf het besluit")
    if meta.bijdrage_aan is not None:
        lines.append(f"{indent}bijdrage aan {meta.bijdrage_aan.dotted}")
    return lines


def payment(p: m.PaymentClause) -> str:
    """``betaald op dag 20 van de maand ervoor`` as written."""
    if p.anchor == "jaar erna":
        return f"{p.direction} op {p.day} {MONTH_NAMES[p.month - 1]} van het jaar erna"
    return f"{p.direction} op dag {p.day} van de {p.anchor}"


def _type(t: m.TypeRef) -> str:
    if t.base == "keuze":
        return t.enum
    return t.base + (f" per {t.per}" if t.per else "")


def _key(k: m.KeyPattern) -> str:
    if k.kind == "is":
        return literal(k.low)
    if k.kind == "tot":
        return f"{literal(k.low)} tot {literal(k.high)}"
    if k.kind == "vanaf":
        return f"vanaf {literal(k.low)}"
    return "overig"


def _dated_values(values) -> list[str]:
    lines = []
    for v in values:
        tail = f' aanname "{v.aanname}"' if v.aanname else ""
        tot = f" tot {_date(v.tot)}" if v.tot else ""
        value = "bevroren" if v.bevroren else literal(v.value)
        lines.append(f"  vanaf {_date(v.vanaf)}{tot}: {value}{tail}")
    return lines


def _item(item) -> list[str]:
    if isinstance(item, m.Parameter):
        return [f"parameter {item.name}: {_type(item.type)}", *_meta(item.meta),
                *_dated_values(item.values)]
    if isinstance(item, m.ParameterChange):
        return [f"wijzig parameter {item.target}", *_meta(item.meta),
                *_dated_values(item.values)]
    if isinstance(item, m.PaymentChange):
        return [f"wijzig betaling {item.target}", *_meta(item.meta)]
    if isinstance(item, m.DefinitionChange):
        typ = f": {_type(item.type)}" if item.type is not None else ""
        lines = [f"wijzig definitie {item.target}{typ}", *_meta(item.meta)]
        if item.unversioned:
            return lines + [f"  = {expr(item.versions[0].body)}"]
        return lines + _versions(item.versions)
    if isinstance(item, m.Table):
        lines = [f"tabel {item.name}: {_type(item.type)}", *_meta(item.meta),
                 f"  sleutel {', '.join(item.keys)}"]
        for v in item.versions:
            tot = f" tot {_date(v.tot)}" if v.tot else ""
            lines.append(f"  vanaf {_date(v.vanaf)}{tot}:")
            lines.extend(f"    | {', '.join(_key(k) for k in r.keys)}: {literal(r.value)}"
                         for r in v.rows)
            if v.aanname:
                lines.append(f'    aanname "{v.aanname}"')
        return lines
    if isinstance(item, m.Definition):
        kw = "uitkomst" if item.output else "definitie"
        lines = [f"{kw} {item.name}: {_type(item.type)}", *_meta(item.meta)]
        if item.unversioned:
            lines.append(f"  = {expr(item.versions[0].body)}")
            return lines
        if item.versions[0].regime is not None:
            return lines + _regimes(item)
        if item.selector is not None:
            lines.append(f"  versies volgens {expr(item.selector)}")
        return lines + _versions(item.versions)
    if isinstance(item, m.Input):
        owner = f"relatie {item.relation}" if item.owner == "relatie" else item.owner
        lines = [f"invoer {item.name}: {_type(item.type)} van {owner}", *_meta(item.meta)]
        if item.self_reported:
            lines.append("  zelf opgegeven")
        if item.domain is not None:
            lines.append(f"  domein {domain(item.domain)}")
        if item.default is not None:
            lines.append(f"  standaard {literal(item.default)}")
            lines.extend(_meta(item.default_meta, "    "))
        return lines
    if isinstance(item, m.Relation):
        uniek = " uniek" if item.unique else ""
        uniek += " zonder kringen" if item.acyclic else ""
        return [f"relatie {item.name} {'wederzijds' if item.symmetric else 'gericht'}{uniek}",
                *_meta(item.meta)]
    if isinstance(item, m.Enumeration):
        return [f"keuze {item.name}: {', '.join(item.values)}", *_meta(item.meta)]
    if isinstance(item, m.Concept):
        return [f"begrip {item.name}: {_type(item.type)}", *_meta(item.meta)]
    if isinstance(item, m.Variant):
        return [f"variant {item.name} van {item.concept}", *_meta(item.meta),
                f"  = {expr(item.body)}"]
    raise TypeError(f"cannot print {type(item).__name__}")


def _fact_value(value) -> str:
    return value if isinstance(value, str) else literal(value)


def _fact(f: m.Fact) -> str:
    changes = "".join(f", vanaf {_date(c.vanaf)} {_fact_value(c.value)}"
                      + (f" besluit {_date(c.besluit)}" if c.besluit else "") for c in f.changes)
    return f"{f.name} {_fact_value(f.value)}{changes}"


def _month(d: dt.date) -> str:
    return f"{MONTH_NAMES[d.month - 1]} {d.year}"


def _period(label: str) -> str:
    """An expectation's period as a drafter writes it: ``in 2026``, ``in maart 2026``,
    ``in het tweede kwartaal van 2026``."""
    year, _, rest = label.partition("-")
    if not rest:
        return f"in {year}"
    if rest.startswith("K"):
        return f"in het {_QUARTERS[int(rest[1:]) - 1]} kwartaal van {year}"
    return f"in {MONTH_NAMES[int(rest) - 1]} {year}"


_QUARTERS = ("eerste", "tweede", "derde", "vierde")


def _example(ex: m.Example) -> list[str]:
    lines = [f'voorbeeld "{ex.title}"', *_meta(ex.meta)]
    if ex.peildatum is not None:
        lines.append(f"  peildatum {_date(ex.peildatum)}")
    if ex.first_month is not None:
        lines.append(f"  van {_month(ex.first_month)} tot en met {_month(ex.last_month)}")
    for ent in ex.entities:
        facts = " ".join(_fact(f) for f in ent.facts)
        if ent.kind == "relatie":
            head = f"  relatie {ent.relation} {ent.ids[0]} en {ent.ids[1]}"
            if ent.vanaf is not None:
                head += f" vanaf {_date(ent.vanaf)}"
            if ent.tot is not None:
                head += f" tot {_date(ent.tot)}"
        else:
            head = f"  {ent.kind} {ent.ids[0]}"
        lines.append(head + (f" {facts}" if facts else ""))
    for exp in ex.expectations:
        when = f" {_period(exp.period)}" if exp.period is not None else ""
        lines.append(f"  verwacht {exp.name.dotted} voor {exp.person}{when} = {literal(exp.value)}")
    return lines


def print_regulation(reg: m.Regulation) -> str:
    """Canonical text of a whole regulation (or scenario)."""
    if reg.is_scenario:
        lines = [f'scenario {reg.name} "{reg.title}"']
        if reg.status is not None:
            lines.append(f"status {reg.status.word}" + (
                f" verwacht {_date(reg.status.expected)}" if reg.status.expected else ""))
        if reg.uses:
            lines.append(f"gebruikt {', '.join(reg.uses)}")
        lines += [f"bind {b.concept} volgens {b.variant} voor {', '.join(b.regulations)}"
                  + (f" vanaf {_date(b.vanaf)}" if b.vanaf else "") for b in reg.bindings]
        for item in reg.changes + reg.items:
            lines += ["", *_item(item)]
        if reg.carry_forward is not None:
            lines += ["", f"waarden doorgetrokken tot {_date(reg.carry_forward.until)}",
                      *_meta(reg.carry_forward.meta)]
        if reg.reform is not None:
            lines += _reform(reg.reform)
        return "\n".join(lines) + "\n"
    lines = [f'regeling {reg.name} "{reg.title}"']
    if reg.bwb:
        lines.append(f"  {'cvdr' if reg.bwb.startswith('CVDR') else 'bwb'} {reg.bwb}")
    if reg.uitvoerder:
        lines.append(f'  uitvoerder "{reg.uitvoerder}"')
    if reg.url:
        lines.append(f'  bron "{reg.url}"')
    if reg.uses:
        lines.append(f"  gebruikt {', '.join(reg.uses)}")
    lines += [f"  gebruikt begrip {b.concept} volgens {b.variant}" for b in reg.bindings]
    if reg.tijdvak is not None:
        lines.append(f"  tijdvak {reg.tijdvak.name}")
    for item in reg.items:
        lines += ["", *_item(item)]
    for ex in reg.examples:
        lines += ["", *_example(ex)]
    return "\n".join(lines) + "\n"


def _versions(versions: tuple[m.Version, ...]) -> list[str]:
    lines = []
    for v in versions:
        head = "  versie" + (f" vanaf {_date(v.vanaf)}" if v.vanaf else "") + (
            f" tot {_date(v.tot)}" if v.tot else "")
        lines += [head, *_meta(v.meta, "    "), f"    = {expr(v.body)}"]
    return lines


def _regimes(item: m.Definition) -> list[str]:
    """``overgangsrecht [volgens d]`` and its regimes, clauses first (docs/overgangsrecht.rst)."""
    lines = ["  overgangsrecht" + (f" volgens {expr(item.selector)}" if item.selector else "")]
    for v in item.versions:
        r = v.regime
        lines.append(f"  regime {r.name}" + (f' "{r.title}"' if r.title else ""))
        if r.closed:
            lines.append(f"    gesloten instroom vanaf {_date(v.tot)}")
        elif r.date_name is not None:
            lines.append(f"    voor {r.date_name}" + (f" vanaf {_date(v.vanaf)}" if v.vanaf else "")
                         + (f" tot {_date(v.tot)}" if v.tot else ""))
        if r.geldt_vanaf or r.geldt_tot:
            lines.append("    geldt" + (f" vanaf {_date(r.geldt_vanaf)}" if r.geldt_vanaf else "")
                         + (f" tot {_date(r.geldt_tot)}" if r.geldt_tot else ""))
        if r.ends is not None:
            lines.append(f"    eindigt op {expr(r.ends)}")
        if r.after is not None:
            lines.append(f"    na einde van {r.after}")
        lines += [*_meta(v.meta, "    "), f"    = {expr(v.body)}"]
    return lines


def _reform(reform: m.Reform) -> list[str]:
    """``hervorming vanaf D`` and its options, each rule's body indented under its option
    (docs/overgangsrecht.rst, "Overgangsopties vergelijken")."""
    lines = ["", f"hervorming vanaf {_date(reform.date)}", *_meta(reform.meta)]
    for option in reform.options:
        lines += ["", f'optie {option.name} "{option.title}"', *_meta(option.meta)]
        for rule in option.rules:
            lines += [f"  wijzig parameter {rule.target}", *_meta(rule.meta, "    ")]
            if rule.unversioned:
                body = [f"  = {expr(rule.versions[0].body)}"]
            elif rule.versions[0].regime is not None:
                body = _regimes(rule)
            else:
                body = [f"  versies volgens {expr(rule.selector)}"] if rule.selector else []
                for v in rule.versions:
                    body += ["  versie" + (f" vanaf {_date(v.vanaf)}" if v.vanaf else "")
                             + (f" tot {_date(v.tot)}" if v.tot else ""),
                             *_meta(v.meta, "    "), f"    = {expr(v.body)}"]
            lines += ["  " + line for line in body]
    return lines
