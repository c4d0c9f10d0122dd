"""``x zoals bekend op D`` and ``feit x telt vanaf het besluit`` into checked types, the
reads they govern and diagnostics RS513–RS515.

Both read an input on the current day *as known* on a day (docs/time.rst, "Later bekend:
besluitdatum"): only an input of a person or dwelling has pieces with a ``besluit``, so the
operand must name one (RS513). The clause says that every read of the input in the rule's
own body counts only from the decision that gave the value: each such read is a read as
known on the day it is read for (the ids of those Refs are collected for the Program). The
clause names an input the body reads (RS514), on a definition only (RS515).
"""

from __future__ import annotations

from rulescore import model as m
from rulescore import types as t
from rulescore.dsl.expressions import _CHECKERS, ERR, Scope, check_expr
from rulescore.dsl.world_checks import refs
from rulescore.errors import Diagnostic


def _input_of(e, scope: Scope):
    """The input a Ref names (plain or ``p.x``) when it is one of a person or dwelling."""
    if not isinstance(e, m.Ref):
        return None
    res = scope.resolutions.get(id(e))
    if res is None or res.kind not in ("symbol", "attr"):
        return None
    sym = scope.symbols.get(res.target)
    if sym is None or sym.kind != "invoer" or sym.decl.owner not in ("persoon", "woning"):
        return None
    return sym


def _known_as(e: m.KnownAs, scope: Scope) -> t.Type:
    day = check_expr(e.day, scope)
    inner = check_expr(e.operand, scope)
    if day is not ERR and day != t.DATUM:
        return scope.error("RS506", f"na 'zoals bekend op' staat een datum, niet "
                           f"{day.describe()}", e.day,
                           hint="bijvoorbeeld: zoals bekend op dag 20 van de vorige maand")
    if inner is not ERR and _input_of(e.operand, scope) is None:
        return scope.error("RS513", "'zoals bekend op' leest een invoer van een persoon of "
                           "woning: alleen die heeft waarden met een besluitdatum", e.operand,
                           hint="schrijf de naam van de invoer zelf, bijv. "
                                "geschat_toetsingsinkomen zoals bekend op dag 20 van de "
                                "vorige maand")
    return ERR if day is ERR else inner


_CHECKERS[m.KnownAs] = _known_as


def check_known_clauses(item: m.Definition, scope: Scope, reads: set) -> None:
    """RS514 for a clause that names no input the body reads; else the ids of the body's
    reads of that input into ``reads``."""
    for ref in item.meta.vanaf_besluit:
        name = ref.dotted
        found = [r for v in item.versions for r in refs(v.body)
                 if (sym := _input_of(r, scope)) is not None and sym.qualname == name]
        if not found:
            scope.error("RS514", f"'feit {name} telt vanaf het besluit': deze regel leest "
                        f"geen invoer '{name}' van een persoon of woning", ref,
                        hint="noem een invoer die de regel zelf leest; een regel die haar via "
                             "een andere definitie leest, zet de clausule daar")
        reads.update(id(r) for r in found)


def check_known_placement(regs: dict[str, m.Regulation], diags: list[Diagnostic]) -> None:
    """RS515: the clause on anything but a definition."""
    for reg in regs.values():
        for item in reg.items:
            meta = getattr(item, "meta", None)
            if meta is not None and meta.vanaf_besluit and not isinstance(item, m.Definition):
                diags.append(Diagnostic(
                    "RS515", f"alleen een definitie leest een feit vanaf het besluit "
                    f"('{item.name}')", span=meta.vanaf_besluit[0].span, context=reg.title,
                    hint="zet 'feit … telt vanaf het besluit' bij de regel die het feit leest"))
