"""Model expressions into resolved names and checked types (one definition body at a time)."""

from __future__ import annotations

from typing import Callable

import attrs

from rulescore import model as m
from rulescore import types as t
from rulescore.dsl.contributions import unrewritten
from rulescore.errors import Diagnostic, suggest
from rulescore.program import PluginFunction, Resolution, Symbol

#: Built-in functions: name → (argument kinds, result type or a function of arg types).
BUILTIN_FUNCTIONS = {
    "max": ("numbers", None), "min": ("numbers", None),
    "jaren_tussen": (("datum", "datum"), t.GETAL),
    "maanden_tussen": (("datum", "datum"), t.GETAL),
    "jaar": (("datum",), t.GETAL),
    "maand": (("datum",), t.GETAL),
    "eerste_dag_volgende_maand": (("datum",), t.DATUM),
    "eerste_dag_van_maand": (("datum",), t.DATUM),
    "eerste_dag_van_kwartaal": (("datum",), t.DATUM),
    "eerste_dag_van_jaar": (("datum",), t.DATUM),
}

#: Built-in sets of persons.
BUILTIN_SETS = {"iedereen": "alle andere personen in de situatie"}

ERR = t.Type("fout")  # the type of an expression that already produced a diagnostic


@attrs.define
class Scope:
    """What names mean inside one regulation's definition body."""

    regulation: m.Regulation
    symbols: dict[str, Symbol]
    functions: dict[str, PluginFunction]
    resolutions: dict[int, Resolution]
    types: dict[int, t.Type]
    diagnostics: list[Diagnostic]
    context: str
    #: Bound person variables (``m`` in ``m in S waarvoor …``).
    bound: tuple[str, ...] = ()
    #: Definitions this body depends on (qualnames), filled while checking.
    deps: set[str] = attrs.field(factory=set)
    #: (regulation, concept) → variant, for resolving concept names.
    bindings: dict = attrs.field(factory=dict)
    #: The tijdvak the expression is read in (None: it follows its reader), and every
    #: definition's own (qualname → tijdvak or None), for RS500.
    tijdvak: str | None = None
    tijdvakken: dict = attrs.field(factory=dict)

    def with_var(self, var: str) -> "Scope":
        return attrs.evolve(self, bound=self.bound + (var,), deps=self.deps)

    def error(self, code: str, message: str, node, hint: str | None = None) -> t.Type:
        self.diagnostics.append(Diagnostic(code, message, span=getattr(node, "span", None),
                                           hint=hint, context=self.context))
        return ERR

    # ---------------------------------------------------------------- names
    def lookup(self, name: str) -> Symbol | None:
        """Unqualified name: own regulation, then inputs/relations, then used regulations."""
        own = self.symbols.get(f"{self.regulation.name}.{name}")
        if own is not None:
            return own
        glob = self.symbols.get(name)
        if glob is not None:
            return glob
        found = [self.symbols[f"{u}.{name}"] for u in self.regulation.uses
                 if f"{u}.{name}" in self.symbols]
        return found[0] if len(found) == 1 else None

    def candidates(self) -> list[str]:
        names = []
        for q, sym in self.symbols.items():
            reg = sym.regulation
            if "." not in q or reg == self.regulation.name or reg in self.regulation.uses:
                names.append(q.split(".", 1)[-1])
            names.append(q)
        return names + list(BUILTIN_SETS) + list(self.bound)


def check_expr(e, scope: Scope) -> t.Type:
    """Check one expression, recording its type (and resolution) in the scope."""
    typ = _CHECKERS[type(e)](e, scope)
    scope.types[id(e)] = typ
    return typ


def _literal(e: m.Literal, scope: Scope) -> t.Type:
    if e.kind == "getal":
        return attrs.evolve(t.GETAL, polymorphic_zero=e.value == 0)
    if e.kind == "bedrag":
        return t.amount(t.UNIT_WORDS[e.unit] if e.unit else None)
    if e.kind == "percentage":
        return t.PERCENTAGE
    if e.kind == "omrekenfactor":
        a, b = (t.UNIT_WORDS[u] for u in e.unit)
        return t.number(t.Dimension.of([(a, 1), (b, -1)]))
    return {"datum": t.DATUM, "duur": t.DUUR, "ja/nee": t.JANEE, "tekst": t.TEKST}[e.kind]


def _symbol_type(sym: Symbol, scope: Scope, node) -> t.Type:
    if sym.kind == "definitie":
        scope.deps.add(sym.qualname)
        own = scope.tijdvakken.get(sym.qualname)
        if own and scope.tijdvak and own != scope.tijdvak:
            return scope.error("RS500", f"'{sym.qualname}' geldt per {own}, deze regel per "
                               f"{scope.tijdvak}: lees het expliciet in een ander tijdvak",
                               node, hint=_period_read_hint(node, own, scope.tijdvak))
    if sym.kind in ("tabel", "relatie", "keuze"):
        return scope.error("RS210", f"'{sym.qualname}' is een {sym.kind} en geen waarde", node,
                           hint="een tabel of relatie gebruikt u met argumenten: naam(…)")
    if sym.kind == "invoer" and sym.decl.owner == "relatie":
        return scope.error("RS210", f"'{sym.qualname}' is een feit over een relatie", node,
                           hint=f"schrijf {sym.qualname}(persoon_a, persoon_b)")
    return sym.type


def _period_read_hint(node, own: str, reader: str) -> str:
    x = ".".join(getattr(node, "parts", ("x",)))
    if reader in ("jaar", "kwartaal") and own == "maand":
        return (f"lees {x} over de maanden van het {reader} (som van {x} over de maanden van "
                f"het {reader} / gemiddelde van …) of in een bepaalde maand ({x} op 1 januari)")
    if reader in ("maand", "kwartaal") and own in ("kwartaal", "jaar"):  # own is longer
        return f"lees {x} in het {own}, of herleid: {x} in een {own} als deze {reader}".replace(
            "deze kwartaal", "dit kwartaal")
    lw = "de" if own == "maand" else "het"
    return f"lees {x} in {lw} {own} (of {x} op een dag: {x} op de eerste dag van {lw} {own})"


def _ref(e: m.Ref, scope: Scope) -> t.Type:
    parts = e.parts
    head = parts[0]
    if head in scope.bound:
        if len(parts) == 1:
            scope.resolutions[id(e)] = Resolution("var", head)
            return t.PERSOON
        sym = _resolve(parts[1:], e, scope)
        if sym is None:
            return ERR
        if sym.kind not in ("definitie", "invoer") or (sym.kind == "invoer"
                                                        and sym.decl.owner != "persoon"):
            return scope.error("RS211", f"'{'.'.join(parts[1:])}' is geen gegeven van een "
                               f"persoon", e)
        scope.resolutions[id(e)] = Resolution("attr", sym.qualname, var=head)
        return _symbol_type(sym, scope, e)
    if len(parts) == 1 and head in BUILTIN_SETS:
        scope.resolutions[id(e)] = Resolution("builtin", head)
        return t.PERSONEN
    sym = _resolve(parts, e, scope)
    if sym is None:
        return ERR
    scope.resolutions[id(e)] = Resolution("symbol", sym.qualname)
    return _symbol_type(sym, scope, e)


def _resolve(parts: tuple[str, ...], node, scope: Scope) -> Symbol | None:
    sym = _resolve_name(parts, node, scope)
    if sym is None or sym.kind != "begrip":
        return sym
    variant = scope.bindings.get((scope.regulation.name, sym.qualname))
    if variant is None:
        scope.error("RS270", f"regeling '{scope.regulation.name}' gebruikt begrip "
                    f"'{sym.qualname}' zonder te zeggen welke variant", node,
                    hint=f"zet in de kop: gebruikt begrip {sym.qualname} volgens <variant>")
        return None
    return scope.symbols[f"{sym.qualname}/{variant}"]


def _resolve_name(parts: tuple[str, ...], node, scope: Scope) -> Symbol | None:
    name = ".".join(parts)
    if len(parts) == 1:
        sym = scope.lookup(parts[0])
        if sym is None:
            used = [u for u in scope.regulation.uses if f"{u}.{parts[0]}" in scope.symbols]
            if len(used) > 1:
                scope.error("RS202", f"'{name}' is dubbelzinnig: het staat in "
                            + " en ".join(used), node,
                            hint="schrijf de regeling ervoor: " + " of ".join(
                                f"{u}.{name}" for u in used))
                return None
    elif len(parts) == 2:
        sym = scope.symbols.get(name)
        if sym is None and parts[0] not in {s.regulation for s in scope.symbols.values()}:
            scope.error("RS201", f"onbekende regeling '{parts[0]}' in '{name}'", node,
                        hint=suggest(parts[0], {s.regulation for s in scope.symbols.values()}))
            return None
    else:
        sym = None
    if sym is None:
        scope.error("RS201", f"onbekende naam '{name}'", node, hint=suggest(name, scope.candidates()))
    return sym


def _binary(e: m.Binary, scope: Scope) -> t.Type:
    lt, rt = check_expr(e.left, scope), check_expr(e.right, scope)
    if ERR in (lt, rt):
        return ERR
    op = e.op
    if op in ("en", "of"):
        if lt != t.JANEE or rt != t.JANEE:
            return scope.error("RS220", f"'{op}' verbindt twee voorwaarden (ja/nee), niet "
                               f"{lt.describe()} en {rt.describe()}", e)
        return t.JANEE
    if op in ("=", "!="):
        return _equality(e, lt, rt, scope)
    if op in ("<", "<=", ">", ">="):
        if lt.kind in ("getal", "datum") and lt.compatible(rt):
            return t.JANEE
        return _mismatch(e, lt, rt, scope, "vergelijken")
    if op in ("+", "-"):
        if lt.kind == "datum" and rt.kind == "duur":
            return t.DATUM
        if lt.is_number and lt.compatible(rt):
            base = rt if lt.polymorphic_zero else lt
            display = "percentage" if lt.display == rt.display == "percentage" else base.display
            return t.Type("getal", base.dimension, display)
        return _mismatch(e, lt, rt, scope, "optellen" if op == "+" else "aftrekken")
    if lt.is_number and rt.is_number:
        dim = lt.dimension * rt.dimension if op == "*" else lt.dimension / rt.dimension
        if op == "/" and isinstance(e.right, m.Literal) and e.right.value == 0:
            return scope.error("RS223", "deling door nul", e.right)
        display = None
        if dim.is_dimensionless and "percentage" in (lt.display, rt.display) and op == "*":
            display = "percentage" if {lt.display, rt.display} <= {"percentage", "getal"} else None
        return t.number(dim, display)
    return scope.error("RS221", f"kan {lt.describe()} en {rt.describe()} niet "
                       f"{'vermenigvuldigen' if op == '*' else 'delen'}", e)


def _mismatch(e, lt: t.Type, rt: t.Type, scope: Scope, verb: str) -> t.Type:
    hint = None
    if lt.is_number and rt.is_number:
        ld, rd = dict(lt.dimension.exponents), dict(rt.dimension.exponents)
        periods = [u for u in ("dag", "maand", "kwartaal", "jaar") if u in ld or u in rd]
        if ld.get("euro") == rd.get("euro") and len(periods) == 2:
            a, b = periods[0], periods[1]
            factor = {("maand", "jaar"): "12 maanden per jaar", ("dag", "maand"): "21,75 dagen per maand",
                      ("kwartaal", "jaar"): "4 kwartalen per jaar", ("maand", "kwartaal"):
                      "3 maanden per kwartaal"}.get((a, b), f"… {a} per {b}")
            hint = (f"reken eerst om naar dezelfde periode, bijvoorbeeld: bedrag per {a} × "
                    f"{factor} = bedrag per {b}")
        elif "euro" in ld and not rd or "euro" in rd and not ld:
            hint = "schrijf een bedrag met '€' en, als het een inkomen of uitkering is, met zijn periode (€ 24 per jaar)"
    return scope.error("RS222", f"kan {lt.describe()} en {rt.describe()} niet {verb}", e,
                       hint=hint)


def _equality(e: m.Binary, lt: t.Type, rt: t.Type, scope: Scope) -> t.Type:
    for typ, other in ((lt, e.right), (rt, e.left)):
        if typ.kind == "keuze" and isinstance(other, m.Literal) and other.kind == "tekst":
            values = scope.symbols[typ.enum].decl.values
            if other.value not in values:
                scope.error("RS212", f"'{other.value}' is geen waarde van keuze '{typ.enum}'",
                            other, hint="mogelijk: " + ", ".join(values))
            return t.JANEE
    if lt.kind == rt.kind and lt.compatible(rt):
        return t.JANEE
    return _mismatch(e, lt, rt, scope, "vergelijken")


def _unary(e: m.Unary, scope: Scope) -> t.Type:
    typ = check_expr(e.operand, scope)
    if typ is ERR:
        return ERR
    if e.op == "niet":
        if typ != t.JANEE:
            return scope.error("RS220", f"'niet' werkt op een voorwaarde, niet op {typ.describe()}", e)
        return t.JANEE
    if not typ.is_number:
        return scope.error("RS221", f"kan {typ.describe()} niet negatief maken", e)
    return typ


def _if(e: m.If, scope: Scope) -> t.Type:
    ct = check_expr(e.cond, scope)
    at, bt = check_expr(e.then, scope), check_expr(e.otherwise, scope)
    if ERR in (ct, at, bt):
        return ERR
    if ct != t.JANEE:
        return scope.error("RS220", f"na 'als' staat een voorwaarde (ja/nee), niet {ct.describe()}",
                           e.cond)
    if not at.compatible(bt):
        return _mismatch(e, at, bt, scope, "als uitkomsten van één 'als' combineren")
    return bt if at.polymorphic_zero or at == t.ONBESLIST else at


def _round(e: m.Round, scope: Scope) -> t.Type:
    typ = check_expr(e.operand, scope)
    if typ is ERR:
        return ERR
    if not typ.is_number:
        return scope.error("RS221", f"kan {typ.describe()} niet afronden", e)
    return typ


def _filter(e: m.Filter, scope: Scope) -> t.Type:
    st = check_expr(e.source, scope)
    inner = scope.with_var(e.var)
    ct = check_expr(e.cond, inner)
    if st is not ERR and st != t.PERSONEN:
        return scope.error("RS224", f"'{e.var} in …' loopt over personen, niet over {st.describe()}",
                           e.source)
    if ct is not ERR and ct != t.JANEE:
        return scope.error("RS220", f"na 'waarvoor' staat een voorwaarde, niet {ct.describe()}", e.cond)
    return t.PERSONEN


def _aggregate(e: m.Aggregate, scope: Scope) -> t.Type:
    st = check_expr(e.source, scope)
    if st is not ERR and st != t.PERSONEN:
        return scope.error("RS224", f"{e.kind}(…) telt personen, niet {st.describe()}", e.source)
    if e.kind == "aantal":
        return t.GETAL
    bt = check_expr(e.body, scope.with_var(e.var))
    if bt is ERR:
        return ERR
    if e.kind == "som":
        if not bt.is_number:
            return scope.error("RS221", f"som(…) telt getallen of bedragen op, niet {bt.describe()}", e.body)
        return bt
    if bt != t.JANEE:
        return scope.error("RS220", f"{e.kind}(…) verwacht een voorwaarde, niet {bt.describe()}", e.body)
    return t.JANEE


def _call(e: m.Call, scope: Scope) -> t.Type:
    arg_types = [check_expr(a, scope) for a in e.args]
    name = e.func.dotted
    if len(e.func.parts) == 1 and name in BUILTIN_FUNCTIONS:
        scope.resolutions[id(e)] = Resolution("function", name)
        return _builtin(e, name, arg_types, scope)
    if name in scope.functions:
        fn = scope.functions[name]
        scope.resolutions[id(e)] = Resolution("function", name)
        return _check_args(e, name, arg_types, fn.arg_types, scope) or fn.result
    sym = scope.lookup(name) if len(e.func.parts) == 1 else scope.symbols.get(name)
    if sym is None:
        known = list(BUILTIN_FUNCTIONS) + list(scope.functions) + scope.candidates()
        return scope.error("RS201", f"onbekende functie, tabel of relatie '{name}'", e.func,
                           hint=suggest(name, known))
    if sym.kind == "tabel":
        scope.resolutions[id(e)] = Resolution("symbol", sym.qualname)
        if len(e.args) != len(sym.decl.keys):
            return scope.error("RS225", f"tabel '{name}' heeft {len(sym.decl.keys)} sleutel(s) "
                               f"({', '.join(sym.decl.keys)}), niet {len(e.args)}", e)
        _check_table_keys(sym, arg_types, scope)
        return sym.type
    if sym.kind == "relatie" or (sym.kind == "invoer" and sym.decl.owner == "relatie"):
        kind = "relation" if sym.kind == "relatie" else "relfact"
        scope.resolutions[id(e)] = Resolution(kind, sym.qualname)
        bad = _check_args(e, name, arg_types, (t.PERSOON, t.PERSOON), scope)
        return bad or (t.JANEE if kind == "relation" else sym.type)
    return scope.error("RS226", f"'{name}' is een {sym.kind}; alleen functies, tabellen en "
                       f"relaties krijgen argumenten tussen haakjes", e)


def _check_table_keys(sym: Symbol, arg_types, scope: Scope) -> None:
    """Every row key must fit the type of the argument it is compared with."""
    for version in sym.decl.versions:
        for row in version.rows:
            for i, (pattern, arg) in enumerate(zip(row.keys, arg_types)):
                for lit in (pattern.low, pattern.high):
                    if lit is None or arg is ERR:
                        continue
                    if arg.kind == "keuze":
                        values = scope.symbols[arg.enum].decl.values
                        ok = lit.kind == "tekst" and lit.value in values
                        hint = "mogelijk: " + ", ".join(f'"{v}"' for v in values)
                    else:
                        ok = (lit.kind in ("getal", "bedrag", "percentage")) == (arg.kind == "getal")
                        ok = ok and (arg.kind != "datum" or lit.kind == "datum")
                        hint = None
                    if not ok:
                        scope.error("RS228", f"sleutel {i + 1} van tabel '{sym.qualname}' past niet "
                                    f"bij {arg.describe()}", lit, hint=hint)


def _check_args(e, name, got, want, scope) -> t.Type | None:
    if ERR in got:
        return ERR
    if len(got) != len(want):
        hint = None
        if any(isinstance(a, m.Literal) and a.kind == "getal" and a.value.denominator != 1
               for a in e.args):
            hint = "21,75 is één decimaal getal; tussen argumenten staat ', ' met een spatie"
        return scope.error("RS225", f"'{name}' verwacht {len(want)} argument(en), niet {len(got)}",
                           e, hint=hint)
    for i, (g, w) in enumerate(zip(got, want)):
        if not (g.kind == w.kind and (g.kind != "getal" or g.compatible(w))):
            return scope.error("RS227", f"argument {i + 1} van '{name}' moet {w.describe()} zijn, "
                               f"niet {g.describe()}", e.args[i])
    return None


def _builtin(e: m.Call, name: str, arg_types, scope: Scope) -> t.Type:
    kinds, result = BUILTIN_FUNCTIONS[name]
    if kinds == "numbers":
        if ERR in arg_types:
            return ERR
        if len(arg_types) < 2:
            return scope.error("RS225", f"'{name}' verwacht minstens 2 argumenten", e,
                               hint="21,75 is één decimaal getal; tussen argumenten staat ', ' "
                               "met een spatie" if len(arg_types) == 1 else None)
        first = next((a for a in arg_types if not a.polymorphic_zero), arg_types[0])
        for i, a in enumerate(arg_types):
            if not (a.is_number and a.compatible(first)):
                return _mismatch(e.args[i], first, a, scope, f"samen in {name}(…) gebruiken")
        return first
    return _check_args(e, name, arg_types, tuple(t.Type(k) for k in kinds), scope) or result


_CHECKERS: dict[type, Callable] = {
    m.Literal: _literal, m.Ref: _ref, m.Binary: _binary, m.Unary: _unary, m.If: _if,
    m.Round: _round, m.Filter: _filter, m.Aggregate: _aggregate, m.Call: _call,
    m.Subject: lambda e, scope: t.PERSOON, m.EvalDate: lambda e, scope: t.DATUM,
    m.Undecided: lambda e, scope: t.ONBESLIST,
    m.Contributions: unrewritten,
}
