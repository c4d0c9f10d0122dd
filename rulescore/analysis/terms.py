"""The definition of a household's net income, at one point, into exact terms per regulation.

The decomposition is read from the rules, not from a list: the body of
``besteedbaar_inkomen`` is walked through its sums and differences, and into every
definition it refers to, as far as the value stays a sum of parts:

- ``a + b`` and ``a - b`` split; ``-a`` flips the sign;
- ``a * k`` and ``a / k`` split ``a`` scaled by ``k`` when ``k`` is a conversion factor
  (``12 maanden per jaar``), a plain number, or a dimensionless count or share
  (``toeslagdelers``); a product with a percentage or another amount is one term;
- ``als … dan … anders …``, ``min`` and ``max`` follow the branch or argument this point
  takes (so a capped sum of heffingskortingen is the cap at one point and the kortingen
  at the next), and each such choice is recorded, to name the threshold a step crosses;
- ``… afgerond op …`` splits its operand, plus a rounding term (the difference);
- a reference to a definition is walked into when it is in the same regulation, or
  when it is referred to from the analysis regulation itself (``besteedbaar_inkomen``);
  a definition of another regulation is one term (the WW-uitkering inside the
  inkomstenbelasting, the netto inkomen the bijstand verrekent);
- a parameter is part of its definition's term (belasting over schijf 1 plus the rate
  over the rest is ``belasting box 1``), unless it is all that term holds beside other
  terms of the same definition: the standaardpremie beside the normpremie is named by
  itself;
- anything else (an aggregate over persons, a table, a plugin function) is one term; the
  branches taken inside it are recorded all the same (the minimum-inkomensijkpunt in
  ``22% * max(0, rekeninkomen - minimum_inkomensijkpunt)``).

Every term belongs to a *group*: the regulation it was reached through from the analysis
regulation (inkomstenbelasting, participatiewet, zorgtoeslag, …), the regulation of a
definition that is not walked into (werkloosheidswet inside the inkomstenbelasting), or
``brutoloon`` for the earnings input that the grid varies. A definition of a regulation
that the analysis walks into itself and that is met again elsewhere (the netto inkomen
inside the bijstand) stays in the group it was met in: it is that regulation's
verrekening. The terms of all persons in the household add up exactly to the sum of
their ``besteedbaar_inkomen`` — :func:`decompose` asserts it.
"""

from __future__ import annotations

import re
from fractions import Fraction

import attrs

from rulescore import model as m
from rulescore.exact import is_number, to_fraction
from rulescore.periods import KINDS
from rulescore.program import Program
from rulescore.reference.compiler import compile_expr
from rulescore.reference.context import NO_VARS, Context

ROOT = "besteedbaar_inkomen.besteedbaar_inkomen"
EARNINGS_GROUP = "brutoloon"


@attrs.frozen
class Choice:
    """A branch taken at one point: where (definition, source text) and which branch."""

    definition: str
    text: str
    taken: str


@attrs.frozen
class Point:
    """The household's net income per month at one point, as terms adding up to it."""

    total: Fraction
    #: (group, label) → the term's contribution to the net income per month
    terms: dict
    #: (person, definition, line, column) → Choice
    choices: dict
    #: (group, label) → the definition whose article the term stands in
    sources: dict = attrs.field(factory=dict)


class Walker:
    """Walks the net-income definition for one program (compiled pieces kept across points)."""

    def __init__(self, program: Program, earner: str, earnings_input: str):
        self.program = program
        self.earner = earner
        self.earnings_input = earnings_input
        self.root_regulation = program.symbols[ROOT].regulation
        self._compiled: dict = {}
        # the regulations the analysis regulation refers to: their definitions met
        # inside another regulation are that regulation's verrekening, not their own term
        self.entered = {program.symbols[d].regulation
                        for q, s in program.symbols.items()
                        if s.kind == "definitie" and s.regulation == self.root_regulation
                        for d in program.dependencies.get(q, ())
                        if d in program.symbols and program.symbols[d].kind == "definitie"}

    def decompose(self, ctx: Context, household) -> Point:
        terms: dict = {}
        choices: dict = {}
        self._sources = sources = {}
        self._parameters = {}  # (group, definition) → the parameters its own term holds
        self._trail = []  # every term key added, in order (zero ones too)
        self._split = set()  # definitions whose value is more than their own term
        total = Fraction(0)
        for person in household:
            total += self._number(ctx.value(ROOT, person))
            self._definition(ROOT, ctx, person, Fraction(1), None, terms, choices)
        self._name_lone_parameters(terms, sources)
        summed = sum(terms.values(), Fraction(0))
        assert summed == total, f"decomposition {summed} != net income {total}"
        return Point(total, {k: v for k, v in terms.items() if v}, choices, sources)

    # ------------------------------------------------------------ walking
    def _definition(self, qual, ctx, person, scale, group, terms, choices):
        sym = self.program.symbols[qual]
        ctx.value(qual, person)  # evaluated first: the version it took is then known
        decl = sym.decl
        version = decl.versions[ctx.versions.get((qual, person), 0)]
        if sym.regulation != self.root_regulation and group is None:
            group = sym.regulation
        start = len(self._trail)
        self._walk(version.body, qual, ctx, person, scale, group, terms, choices)
        own = (group or self.root_regulation, qual)
        if any(key != own for key in self._trail[start:]):
            self._split.add(own)

    def _walk(self, e, here, ctx, person, scale, group, terms, choices):
        walk = self._walk
        if isinstance(e, m.Binary) and e.op in "+-" and self._is_number(e):
            walk(e.left, here, ctx, person, scale, group, terms, choices)
            walk(e.right, here, ctx, person, scale if e.op == "+" else -scale, group, terms,
                 choices)
            return
        if isinstance(e, m.Unary) and e.op == "-":
            walk(e.operand, here, ctx, person, -scale, group, terms, choices)
            return
        if isinstance(e, m.Binary) and e.op in ("*", "/"):
            if self._scalar(e.right):
                k = self._value(e.right, ctx, person)
                if k:
                    factor = k if e.op == "*" else 1 / k
                    walk(e.left, here, ctx, person, scale * factor, group, terms, choices)
                    return
            elif e.op == "*" and self._scalar(e.left):
                k = self._value(e.left, ctx, person)
                walk(e.right, here, ctx, person, scale * k, group, terms, choices)
                return
        chosen = self._branch(e, here, ctx, person, choices)
        if chosen is not None:
            walk(chosen, here, ctx, person, scale, group, terms, choices)
            return
        # A grid is a snapshot, the steady state (docs/time.rst): a period read is its
        # operand, a sum over the months that many times the operand.
        if isinstance(e, (m.InPeriod, m.SteadyState)) or (isinstance(e, m.OverMonths)
                                         and e.kind == "gemiddelde"):
            walk(e.operand, here, ctx, person, scale, group, terms, choices)
            return
        if isinstance(e, m.OverMonths) and e.kind == "som":
            walk(e.operand, here, ctx, person, scale * KINDS[e.period], group, terms, choices)
            return
        if isinstance(e, m.Round):
            walk(e.operand, here, ctx, person, scale, group, terms, choices)
            diff = self._value(e, ctx, person) - self._value(e.operand, ctx, person)
            self._add(terms, group or self.root_regulation, f"{here} (afronding)", scale * diff)
            return
        if isinstance(e, m.Ref):
            res = self.program.resolutions.get(id(e))
            sym = self.program.symbols.get(res.target) if res and res.kind == "symbol" else None
            if sym is not None and sym.kind == "definitie":
                here_reg = self.program.symbols[here].regulation
                if here_reg == self.root_regulation or sym.regulation == here_reg:
                    self._definition(sym.qualname, ctx, person, scale, group, terms, choices)
                    return
                value = self._number(ctx.value(sym.qualname, person))
                own = group if sym.regulation in self.entered and group else sym.regulation
                self._add(terms, own, sym.qualname, scale * value,
                          here if own != sym.regulation else None)
                return
            if sym is not None and sym.kind == "parameter":
                key = (group or self.root_regulation, here)
                self._parameters.setdefault(key, set()).add(sym.qualname)
                self._add(terms, *key, scale * self._value(e, ctx, person))
                return
            if sym is not None and sym.kind == "invoer":
                value = self._value(e, ctx, person)
                if sym.qualname == self.earnings_input and person == self.earner:
                    self._add(terms, EARNINGS_GROUP, sym.qualname, scale * value)
                else:
                    self._add(terms, group or self.root_regulation, sym.qualname, scale * value)
                return
        self._scan(e, here, ctx, person, choices)
        self._parameters.setdefault((group or self.root_regulation, here), set()).add(None)
        self._add(terms, group or self.root_regulation, here, scale * self._value(e, ctx, person))

    def _scan(self, e, here, ctx, person, choices):
        """Records the branches taken inside a term that is not split (a percentage times
        ``max(0, rekeninkomen - minimum_inkomensijkpunt)``), so that the threshold a step
        crosses there is named all the same."""
        chosen = self._branch(e, here, ctx, person, choices)
        if chosen is not None:
            self._scan(chosen, here, ctx, person, choices)
        elif isinstance(e, m.Binary) and e.op in ("+", "-", "*", "/"):
            self._scan(e.left, here, ctx, person, choices)
            self._scan(e.right, here, ctx, person, choices)
        elif isinstance(e, (m.Unary, m.Round, m.InPeriod, m.SteadyState)):
            self._scan(e.operand, here, ctx, person, choices)

    def _name_lone_parameters(self, terms, sources):
        """A definition's own term that is one parameter and nothing else, beside other terms
        of the same definition (the standaardpremie of the berekende zorgtoeslag, beside its
        normpremie), is named by the parameter and cited by the parameter's article. A term
        that mixes a parameter with the rest of the expression (belasting over schijf 1 plus
        the rate over the rest), or that is the whole definition (the IACK at its maximum),
        keeps the definition's name."""
        for key, held in self._parameters.items():
            if len(held) == 1 and None not in held and key in terms and key in self._split:
                (param,) = held
                new = (key[0], param)
                terms[new] = terms.get(new, Fraction(0)) + terms.pop(key)
                sources.pop(key, None)
                sources.setdefault(new, param)

    def _branch(self, e, here, ctx, person, choices):
        """The branch of ``als … dan … anders`` or the argument of ``min``/``max`` this point
        takes, recorded as a choice; None for any other expression."""
        if isinstance(e, m.If):
            taken = self._value(e.cond, ctx, person) is True
            self._choose(choices, here, person, e.cond, "ja" if taken else "nee")
            return e.then if taken else e.otherwise
        if isinstance(e, m.Call) and self._min_max(e):
            values = [self._value(a, ctx, person) for a in e.args]
            i = values.index((min if self._min_max(e) == "min" else max)(values))
            self._choose(choices, here, person, e, self._text(here, e.args[i].span))
            return e.args[i]
        return None

    # ------------------------------------------------------------ helpers
    def _add(self, terms, group, label, value, source=None):
        key = (group, label)
        self._trail.append(key)
        if value:
            terms[key] = terms.get(key, Fraction(0)) + value
            self._sources.setdefault(key, source or label.removesuffix(" (afronding)"))

    def _choose(self, choices, here, person, e, taken):
        span = e.span
        key = (person, here, span.line, span.column)
        choices[key] = Choice(here, self._text(here, span), taken)

    def _value(self, e, ctx, person):
        fn = self._compiled.get(id(e))
        if fn is None:
            fn = self._compiled[id(e)] = (compile_expr(e, self.program), e)
        v = fn[0](ctx, person, NO_VARS)
        return self._number(v) if is_number(v) else v

    @staticmethod
    def _number(v) -> Fraction:
        return to_fraction(v) if not isinstance(v, Fraction) else v

    def _is_number(self, e) -> bool:
        t = self.program.types.get(id(e))
        return t is not None and t.kind == "getal"

    def _scalar(self, e) -> bool:
        """A factor a sum may be scaled by and stay a sum of the same parts."""
        if isinstance(e, m.Literal):
            return e.kind in ("getal", "omrekenfactor")
        if isinstance(e, m.Ref):
            res = self.program.resolutions.get(id(e))
            sym = self.program.symbols.get(res.target) if res and res.kind == "symbol" else None
            return (sym is not None and sym.kind == "definitie" and sym.type.kind == "getal"
                    and sym.type.dimension.is_dimensionless
                    and getattr(sym.decl.type, "base", None) == "getal")
        return False

    def _min_max(self, e: m.Call) -> str | None:
        res = self.program.resolutions.get(id(e))
        if res is not None and res.kind == "function" and res.target in ("min", "max") \
                and len(e.args) >= 2:
            return res.target
        return None

    def _text(self, here: str, span: m.Span) -> str:
        """The rules text of a span, on one line (for naming a threshold)."""
        source = self.program.regulations[self.program.symbols[here].regulation].source
        lines = source.splitlines()
        if not span.line or span.line > len(lines):
            return ""
        if span.end_line == span.line:
            text = lines[span.line - 1][span.column - 1:span.end_column - 1]
        else:
            text = " ".join([lines[span.line - 1][span.column - 1:],
                             *lines[span.line:span.end_line - 1],
                             lines[span.end_line - 1][:span.end_column - 1]])
        text = re.sub(r"\s+", " ", text).strip()
        return text if len(text) <= 70 else text[:67] + "…"
