"""A traced evaluation into an explanation graph: value ← formula ← law ← what it used.

The graph has one node per value (a definition for a person, a parameter or table
version, an input of a person, dwelling or relation): a value that several rules use is
built once and referred to, in the text form as ``(zie boven)`` and in the JSON form by
its node id. Explaining every outcome of a household this way touches each of its few
hundred distinct values once, where a tree repeats shared subtrees tens of thousands of
times (docs/architecture.rst, "Explanations").
"""

from __future__ import annotations

from collections import deque
from typing import Any

import attrs

from rulescore import citations
from rulescore import model as m
from rulescore import transitions
from rulescore.dsl.printer import expr as print_expr
from rulescore.dsl.printer import substitution as print_substitution
from rulescore.reference.context import Context
from rulescore.terminal import visible
from rulescore.values import format_value

#: A formula longer than this is shortened in the text form (the JSON has it whole).
FORMULA_WIDTH = 160


@attrs.frozen
class Node:
    """One value: what it is, its value, the law it comes from and the values it used."""

    id: str
    kind: str
    name: str
    person: str | None
    value: str
    type: str
    #: The articles, with the law by name: ``Wet op de zorgtoeslag artikel 2 lid 1``.
    citation: str | None = None
    #: The same articles as data, each with its BWB-id and a link to the text of the day.
    sources: tuple[dict, ...] = ()
    toelichting: str | None = None
    #: ``vanaf 2026-01-01`` for the version or parameter value that applied; ``invoer``.
    version: str | None = None
    aannames: tuple[str, ...] = ()
    #: The rule's expression as the drafter wrote it (definitions only).
    formula: str | None = None
    #: Over a range: the period the value is of (``2026-03``, ``2026``).
    period: str | None = None
    #: The ids of the values this one used, in the order it used them.
    uses: tuple[str, ...] = ()
    #: The definition's tijdvak and the period expressions it reads (``tijdvak jaar``,
    #: ``som van loon over de maanden van het jaar``), in the rules' own words.
    tijd: tuple[str, ...] = ()
    #: Inside a ``waarbij``: its substitutions (``waarbij y gelijk is aan z``), innermost
    #: first; a substituted value's node is ``kind`` ``waarbij`` and uses z's values.
    world: str | None = None

    def line(self) -> str:
        who = f" [{self.person}]" if self.person else ""
        when = f" in {self.period}" if self.period else ""
        world = f" ({self.world})" if self.world else ""
        return f"{self.name}{who}{when}{world} = {self.value}"

    def to_dict(self) -> dict[str, Any]:
        out = {}
        for field, key in _NODE_KEYS:  # in the fields' order; empty ones left out
            v = getattr(self, field)
            if v is not None and v != () and v != "":
                out[key] = list(v) if isinstance(v, tuple) else v
        return out


#: Node fields → the JSON keys of :meth:`Node.to_dict` (``id`` is the node's key there).
_NODE_KEYS = tuple((f.name, {
    "kind": "soort", "name": "naam", "person": "persoon", "value": "waarde", "type": "type",
    "citation": "bron", "sources": "bronnen", "toelichting": "toelichting",
    "version": "versie", "aannames": "aannames", "formula": "formule", "period": "periode",
    "uses": "gebruikt", "tijd": "tijd", "world": "waarbij"}[f.name])
    for f in attrs.fields(Node) if f.name != "id")


@attrs.frozen
class Explanation:
    """The values behind one or more roots, each value once."""

    roots: tuple[str, ...]
    nodes: dict[str, Node]

    @property
    def root(self) -> Node:
        return self.nodes[self.roots[0]]

    def reachable(self, depth: int | None = None) -> list[str]:
        """The ids within ``depth`` steps of a root (all without a depth), first-seen order."""
        seen: dict[str, int] = {}
        frontier = deque((r, 0) for r in self.roots)
        while frontier:
            nid, d = frontier.popleft()
            if nid in seen:
                continue
            seen[nid] = d
            if depth is None or d < depth:
                frontier.extend((u, d + 1) for u in self.nodes[nid].uses)
        return list(seen)

    def to_dict(self, depth: int | None = None) -> dict[str, Any]:
        """``{"wortels": [ids], "knopen": {id: node}}``; a node beyond ``depth`` is left
        out, and the nodes that use it say how many they leave out."""
        order = self.reachable(depth)
        keep = set(order)
        nodes = {}
        for nid in order:
            d = self.nodes[nid].to_dict()
            uses = [u for u in self.nodes[nid].uses if u in keep]
            if len(uses) < len(self.nodes[nid].uses):
                d["weggelaten"] = len(self.nodes[nid].uses) - len(uses)
            if "gebruikt" in d:
                d["gebruikt"] = uses
            nodes[nid] = d
        return {"wortels": list(self.roots), "knopen": nodes}

    def render(self, indent: str = "", depth: int | None = None,
               deeper: str = "--diepte {n} of hoger") -> str:
        """The graph as indented text, each value in full where it first appears and as
        ``(zie boven)`` after that; below ``depth`` a count of what is left out and how
        to see it (``deeper``, with ``{n}`` the depth that would). Every
        line has its control characters escaped (ids and values come from the input,
        texts from rules files)."""
        lines: list[str] = []
        shown: set[str] = set()
        described: set = set()  # (kind, name, version, formula) whose texts are shown
        stack = [(r, indent, 0) for r in reversed(self.roots)]
        while stack:
            nid, ind, d = stack.pop()
            node = self.nodes[nid]
            if nid in shown:
                lines.append(visible(f"{ind}{node.line()}   (zie boven)"))
                continue
            shown.add(nid)
            if lines and ind == indent:
                lines.append("")
            line = node.line()
            extra = [x for x in (node.citation, node.version) if x]
            if extra:
                line += "   (" + "; ".join(extra) + ")"
            lines.append(visible(f"{ind}{line}"))
            rule = (node.kind, node.name, node.version, node.formula)
            if rule not in described:  # else another person or period: the same rule text
                described.add(rule)
                if node.formula:
                    formula = node.formula if len(node.formula) <= FORMULA_WIDTH \
                        else node.formula[:FORMULA_WIDTH - 1] + "…"
                    lines.append(visible(f"{ind}    = {formula}"))
                if node.toelichting:
                    lines.append(visible(f"{ind}    » {node.toelichting}"))
                for a in node.aannames:
                    lines.append(visible(f"{ind}    ! aanname: {a}"))
                for x in node.tijd:
                    lines.append(visible(f"{ind}    ~ {x}"))
            if node.uses and depth is not None and d >= depth:
                lines.append(f"{ind}    … {len(node.uses)} gebruikte waarde(n) niet getoond "
                             f"({deeper.format(n=depth + 1)} toont ze)")
                continue
            stack.extend((u, ind + "    ", d + 1) for u in reversed(node.uses))
        return "\n".join(lines)


def explain(ctx: Context, qualname: str, person: str) -> Explanation:
    """The explanation of ``qualname`` for ``person``; evaluates it if needed."""
    return explain_all(ctx, [(qualname, person)])


def explain_all(ctx: Context, wanted) -> Explanation:
    """One graph for several ``(definition, person)`` roots, sharing what they share."""
    if ctx.deps is None:
        raise ValueError("explain() needs a context created with trace=True")
    if ctx.timeline is not None:
        raise ValueError("a context over a range: use explain_periods()")
    builder = _Builder(ctx)
    roots = []
    for qualname, person in wanted:
        ctx.value(qualname, person)
        roots.append(builder.node((qualname, person)))
    return Explanation(tuple(dict.fromkeys(roots)), builder.nodes)


def explain_periods(ctx: Context, wanted) -> Explanation:
    """One graph over a range for ``(definition, person, period)`` roots, each value with
    the period it is of (and its peildatum where that is not the period's first day);
    ``ctx`` is a traced range context (``CompiledProgram.range_context(trace=True)``)."""
    if ctx.deps is None or ctx.timeline is None:
        raise ValueError("explain_periods() needs a traced context over a range")
    builder = _Builder(ctx)
    roots = []
    for qualname, person, period in wanted:
        day = ctx.entry(person, period) or period.start
        ctx.in_period(period, day, lambda c, p, env: c.value(qualname, p), person, None)
        roots.append(builder.node((qualname, person, (period, day))))
    return Explanation(tuple(dict.fromkeys(roots)), builder.nodes)


class _Builder:
    """Turns trace keys into nodes, each key once (iteratively: chains may be deep)."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.program = ctx.program.program
        self.names = citations.law_names(self.program)
        self.ids: dict = {}
        self.nodes: dict[str, Node] = {}
        self.sources: dict[str, list[str]] = {}

    def norm(self, key):
        """A trace key as a node's identity: over a range a parameter or table version is
        the same value in every period, so its period is dropped (in a snapshot too, where a
        day read inside ``in een jaar als deze maand`` gives it one)."""
        if key[0] in ("parameter", "tabel") and len(key) > 3:
            return key[:3]
        return key

    def node(self, key) -> str:
        key = self.norm(key)
        if key in self.ids:
            return self.ids[key]
        order = []
        stack = [key]
        while stack:  # assign ids in first-seen depth-first order
            k = stack.pop()
            if k in self.ids:
                continue
            self.ids[k] = f"n{len(self.ids) + 1}"
            order.append(k)
            deps = list(dict.fromkeys(self.norm(d) for d in self.ctx.deps.get(k) or ())) \
                if _is_definition(k) else []
            stack.extend(reversed(deps))
        for k in order:
            self.nodes[self.ids[k]] = self.build(k)
        return self.ids[key]

    def where(self, key):
        """(key without its period, memo, versions, situation, period label, world) of a
        trace key; in a snapshot outside a ``waarbij`` the key is whole and the run's own
        state applies."""
        ctx = self.ctx
        if key[0] in ("parameter", "tabel") or not isinstance(key[-1], tuple):
            return key, ctx.memo, ctx.versions, ctx.situation, None, None
        *base, where = key
        period, day, world = (*where, None) if len(where) == 2 else where
        memo, versions, _ = ctx.worlds[world][(period, day)]
        label = None if period is None else period.label() + (
            "" if day == getattr(period, "start", day) else f" (peildatum {day.isoformat()})")
        sit = ctx.situation if ctx.timeline is None else ctx.timeline.at(day)
        return tuple(base), memo, versions, sit, label, world

    def once(self, key, make):
        """``make()``, kept per program under ``key``: what depends on the rule alone."""
        texts = self.ctx.program.texts
        if key not in texts:
            texts[key] = make()
        return texts[key]

    def cite(self, meta: m.Meta, reg: m.Regulation):
        """The citations as text and as data (links of the day), once per program."""
        day = self.ctx.date

        def make():
            cs = list(dict.fromkeys(meta.citations))  # a version may cite its article again
            text = citations.describe(cs, reg.bwb, self.names)
            return text or None, tuple(citations.as_data(c, reg.bwb, self.names, day)
                                       for c in cs)
        return self.once(("bron", id(meta), reg.name, day), make)

    def formula(self, reg: m.Regulation, expr) -> str | None:
        """The formula as written in its file, once per program."""
        return self.once(("formule", id(expr), reg.name), lambda: self._formula(reg, expr))

    def _formula(self, reg: m.Regulation, expr) -> str | None:
        span = getattr(expr, "span", None)
        if span is not None and span.file != reg.span.file:  # a scenario's wijzig definitie
            reg = next((r for r in self.program.regulations.values()
                        if r.span.file == span.file), reg)
        if span is None or span.line <= 0 or not reg.source:
            return None
        lines = self.sources.get(reg.name)
        if lines is None:
            lines = self.sources[reg.name] = reg.source.split("\n")
        part = lines[span.line - 1:span.end_line]
        if not part:
            return None
        if len(part) == 1:
            part = [part[0][span.column - 1:span.end_column - 1]]
        else:
            part[0] = part[0][span.column - 1:]
            part[-1] = part[-1][:span.end_column - 1]
        return " ".join(" ".join(part).split()) or None

    def build(self, key) -> Node:
        nid = self.ids[key]
        program, ctx = self.program, self.ctx
        if key[0] in ("parameter", "tabel"):
            _, qual, vanaf = key
            sym = program.symbols[qual]
            decl, reg = sym.decl, program.regulations[sym.regulation]
            value, aannames = "…", decl.meta.aannames
            if key[0] == "parameter":
                dv = next(v for v in decl.values if v.vanaf == vanaf)
                value = format_value(dv.value.value, sym.type)
                aannames += (dv.aanname,) if dv.aanname else ()
            text, data = self.cite(decl.meta, reg)
            return Node(nid, key[0], qual, None, value, sym.type.describe(), text, data,
                        decl.meta.toelichting, f"vanaf {vanaf.isoformat()}", aannames)
        full = key
        key, memo, versions, sit, period, world = self.where(key)
        shown = _world_text(world)
        if key[0] in ("invoer", "standaard"):
            return attrs.evolve(self.input(nid, key, sit), period=period, world=shown)
        qual, person = key
        sym = program.symbols[qual]
        uses = tuple(dict.fromkeys(self.ids[self.norm(k)]
                                   for k in dict.fromkeys(ctx.deps.get(full) or ())))
        found = world.find(qual) if world is not None else None
        if found is not None:  # a substituted value: z's, from the world outside
            sub = found.substitutions[qual][1]
            return Node(nid, "waarbij", qual, person, format_value(memo[key], sym.type),
                        sym.type.describe(), version="waarbij andere waarde",
                        formula=print_expr(sub.value), period=period, uses=uses,
                        world=shown)
        decl: m.Definition = sym.decl
        reg = program.regulations[sym.regulation]
        vi = versions.get(key)
        meta, version, body = decl.meta, None, decl.versions[0].body
        if vi is not None:
            v = decl.versions[vi]
            body = v.body
            meta = m.Meta(decl.meta.citations + v.meta.citations, v.meta.toelichting
                          or decl.meta.toelichting, decl.meta.aannames + v.meta.aannames)
            if v.regime is not None:
                version = transitions.describe(decl, vi)
            elif not decl.unversioned:
                version = "versie " + " ".join(x for x in (
                    f"vanaf {v.vanaf.isoformat()}" if v.vanaf else "",
                    f"tot {v.tot.isoformat()}" if v.tot else "") if x)
        text, data = self.cite(meta, reg)
        value = memo[key] if key in memo else next(  # read only 'op' another day
            state[0][key] for state in ctx.memos.values() if key in state[0])
        return Node(nid, "definitie", qual, person, format_value(value, sym.type),
                    sym.type.describe(), text, data, meta.toelichting, version or None,
                    meta.aannames, self.formula(reg, body), period, uses,
                    self.time(qual, body, period is not None), shown)

    def time(self, qual: str, body, over_range: bool) -> tuple[str, ...]:
        """:func:`_time`, once per rule and program (it walks the whole formula)."""
        return self.once(("tijd", qual, id(body), over_range),
                         lambda: _time(self.program, qual, body, over_range))

    def input(self, nid: str, key, sit) -> Node:
        kind, name, owner = key
        sym = self.program.symbols[name]
        reg = self.program.regulations[sym.regulation]
        if kind == "standaard":
            grounds = sym.decl.default_meta
            how = ("wettelijke standaardwaarde" if grounds.citations
                   else "standaardwaarde op grond van een aanname")
            text, data = self.cite(grounds if grounds.citations else sym.decl.meta, reg)
            return Node(nid, "invoer", name, owner,
                        format_value(sym.decl.default.value, sym.type), sym.type.describe(),
                        text, data, grounds.toelichting or sym.decl.meta.toelichting, how,
                        grounds.aannames)
        if owner in sit.persons:
            raw = sit.persons[owner][name]
        elif owner in sit.dwellings:
            raw = sit.dwellings[owner][name]
        else:
            a, b = owner.split("~")
            raw = sit.relations[(sym.decl.relation, a, b)][name]
        text, data = self.cite(sym.decl.meta, reg)
        return Node(nid, "invoer", name, owner, format_value(raw, sym.type),
                    sym.type.describe(), text, data, sym.decl.meta.toelichting, "invoer")


def _time(program, qual: str, body, over_range: bool = False) -> tuple[str, ...]:
    """``tijdvak jaar`` and each period expression of the applied version, as written;
    in a snapshot every period is the peildatum's (the steady state), which is said."""
    out = [f"tijdvak {program.tijdvakken[qual]}"] if program.tijdvakken.get(qual) else []
    stack = [body]
    while stack:
        e = stack.pop()
        if isinstance(e, m.PERIOD_NODES):
            out.append("leest: " + print_expr(e))
        for v in attrs.astuple(e, recurse=False):
            stack.extend(x for x in (v if isinstance(v, tuple) else (v,))
                         if attrs.has(type(x)) and not isinstance(x, m.Span))
    if not over_range and any(x.startswith("leest: ") for x in out):
        out.append("momentopname: elke periode telt als die van de peildatum")
    return tuple(out)


def _world_text(world) -> str | None:
    """``waarbij y gelijk is aan z`` for every substitution of a world and those outside
    it, innermost first; None outside every ``waarbij``."""
    if world is None:
        return None
    return "waarbij " + "; ".join(" en ".join(print_substitution(s) for _, s in
                                              w.substitutions.values()) for w in world.chain())


def _is_definition(key) -> bool:
    return key[0] not in ("parameter", "tabel", "invoer", "standaard")
