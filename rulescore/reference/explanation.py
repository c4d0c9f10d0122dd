"""A traced evaluation into an explanation tree: value ← definition ← citation ← inputs."""

from __future__ import annotations

from typing import Any

import attrs

from rulescore import model as m
from rulescore.dsl.printer import expr as print_expr
from rulescore.reference.context import Context
from rulescore.terminal import visible
from rulescore.values import format_value


@attrs.frozen
class Explanation:
    """One node: a definition, parameter, table or input, with what it used."""

    kind: str
    name: str
    person: str | None
    value: str
    type: str
    citation: str | None
    toelichting: str | None = None
    #: ``vanaf 2026-01-01`` for the version or parameter value that applied.
    version: str | None = None
    aannames: tuple[str, ...] = ()
    children: tuple["Explanation", ...] = ()
    #: The definition's tijdvak and the period expressions it reads (``tijdvak jaar``,
    #: ``som van loon over de maanden van het jaar``), in the rules' own words.
    tijd: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        d = {k: v for k, v in attrs.asdict(self, recurse=False).items()
             if v not in (None, (), "") and k != "children"}
        if self.children:
            d["gebruikt"] = [c.to_dict() for c in self.children]
        return d

    def render(self, indent: str = "") -> str:
        """The tree as indented text; every line with its control characters escaped
        (ids and values come from the input, texts from rules files)."""
        who = f" [{self.person}]" if self.person else ""
        line = f"{indent}{self.name}{who} = {self.value}"
        extra = [x for x in (self.citation, self.version) if x]
        if extra:
            line += "   (" + "; ".join(extra) + ")"
        lines = [visible(line)]
        if self.toelichting:
            lines.append(f"{indent}    » {visible(self.toelichting)}")
        for a in self.aannames:
            lines.append(f"{indent}    ! aanname: {visible(a)}")
        for x in self.tijd:
            lines.append(f"{indent}    ~ {visible(x)}")
        lines.extend(c.render(indent + "    ") for c in self.children)
        return "\n".join(lines)


def explain(ctx: Context, qualname: str, person: str) -> Explanation:
    """The explanation of ``qualname`` for ``person``; evaluates it with tracing if needed."""
    if ctx.deps is None:
        raise ValueError("explain() needs a context created with trace=True")
    ctx.value(qualname, person)
    return _node(ctx, (qualname, person), set())


def _citation(meta: m.Meta, reg: m.Regulation) -> str | None:
    if not meta.citations:
        return None
    # a version may cite the same article again, with the text of its own date: once is enough
    return "; ".join(dict.fromkeys(c.describe(reg.bwb) for c in meta.citations))


def _node(ctx: Context, key, seen: set) -> Explanation:
    program = ctx.program.program
    if key[0] in ("parameter", "tabel"):
        _, qual, vanaf = key
        sym = program.symbols[qual]
        decl = sym.decl
        reg = program.regulations[sym.regulation]
        value = "…"
        aannames = decl.meta.aannames
        if key[0] == "parameter":
            dv = next(v for v in decl.values if v.vanaf == vanaf)
            value = format_value(dv.value.value, sym.type)
            aannames += (dv.aanname,) if dv.aanname else ()
        return Explanation(key[0], qual, None, value, sym.type.describe(),
                           _citation(decl.meta, reg), decl.meta.toelichting,
                           f"vanaf {vanaf.isoformat()}", aannames)
    if key[0] in ("invoer", "standaard"):
        _, name, owner = key
        sym = program.symbols[name]
        sit = ctx.situation
        if key[0] == "standaard":
            grounds = sym.decl.default_meta
            reg = program.regulations[sym.regulation]
            how = ("wettelijke standaardwaarde" if grounds.citations
                   else "standaardwaarde op grond van een aanname")
            return Explanation("invoer", name, owner,
                               format_value(sym.decl.default.value, sym.type), sym.type.describe(),
                               _citation(grounds, reg) or _citation(sym.decl.meta, reg),
                               grounds.toelichting or sym.decl.meta.toelichting, how,
                               grounds.aannames)
        elif owner in sit.persons:
            raw, how = sit.persons[owner][name], "invoer"
        elif owner in sit.dwellings:
            raw, how = sit.dwellings[owner][name], "invoer"
        else:
            a, b = owner.split("~")
            raw, how = sit.relations[(sym.decl.relation, a, b)][name], "invoer"
        reg = program.regulations[sym.regulation]
        return Explanation("invoer", name, owner, format_value(raw, sym.type),
                           sym.type.describe(), _citation(sym.decl.meta, reg),
                           sym.decl.meta.toelichting, how)
    qual, person = key
    sym = program.symbols[qual]
    decl: m.Definition = sym.decl
    reg = program.regulations[sym.regulation]
    vi = ctx.versions.get(key)
    meta, version = decl.meta, None
    if vi is not None:
        v = decl.versions[vi]
        meta = m.Meta(decl.meta.citations + v.meta.citations, v.meta.toelichting
                      or decl.meta.toelichting, decl.meta.aannames + v.meta.aannames)
        version = "versie " + " ".join(x for x in (
            f"vanaf {v.vanaf.isoformat()}" if v.vanaf else "",
            f"tot {v.tot.isoformat()}" if v.tot else "") if x)
    children = []
    if key not in seen:
        seen = seen | {key}
        uniq = list(dict.fromkeys(ctx.deps.get(key) or ()))
        children = [_node(ctx, k, seen) for k in uniq]
    value = ctx.memo[key] if key in ctx.memo else next(  # read only 'op' another day
        state[0][key] for state in ctx.memos.values() if key in state[0])
    return Explanation("definitie", qual, person, format_value(value, sym.type),
                       sym.type.describe(), _citation(meta, reg), meta.toelichting, version,
                       meta.aannames, tuple(children), _time(program, qual, decl, vi))


def _time(program, qual: str, decl: m.Definition, vi) -> tuple[str, ...]:
    """``tijdvak jaar`` and each period expression of the applied version, as written;
    in a snapshot every period is the peildatum's (the steady state)."""
    out = [f"tijdvak {program.tijdvakken[qual]}"] if program.tijdvakken.get(qual) else []
    body = decl.versions[vi if vi is not None else 0].body
    stack = [body]
    while stack:
        e = stack.pop()
        if isinstance(e, m.PERIOD_NODES):
            out.append("leest: " + print_expr(e))
        for v in attrs.astuple(e, recurse=False):
            stack.extend(x for x in (v if isinstance(v, tuple) else (v,))
                         if attrs.has(type(x)) and not isinstance(x, m.Span))
    return tuple(out)
