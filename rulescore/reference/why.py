"""An outcome for a person into why: the conditions that decided it, in order, and the
distance to every threshold they compare — with, where one amount of the household moves
it, the amount at which the decision would flip and the outcome there.

``rulescore waarom situatie.json zorgtoeslag.zorgtoeslag --persoon ruben``. The walk reads
the rules as the evaluator ran them: an ``als`` contributes its condition and continues
in the branch that was taken; a condition's parts that decided it (``a of b`` that holds:
the parts that hold; ``a en b`` that fails: the parts that fail) are listed, and a part
that is a yes/no definition is followed into its own rule; ``max``/``min`` of two values
contributes the comparison that chose. A comparison of two amounts is a threshold: its
two sides, the distance, and — when exactly one amount input of the household moves the
compared side — that input's value at which the comparison turns (found by bisection to
the cent, assuming the side moves with the input in one direction; checked, never
assumed) and the outcome with it.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Any

import attrs

from rulescore import citations
from rulescore import model as m
from rulescore.coverage import references
from rulescore.dsl.printer import expr as print_expr
from rulescore.exact import is_number, to_fraction
from rulescore.program import Program
from rulescore.reference.compiler import compile_expr
from rulescore.reference.context import MISSING, NO_VARS
from rulescore.reference.results import compiled
from rulescore.situation import Situation
from rulescore.values import format_value, shown

#: Definitions followed below the outcome along the taken branches.
MAX_DEPTH = 6
_FLIP = {"<": ">=", "<=": ">", ">": "<=", ">=": "<"}


@attrs.frozen
class Lever:
    """The input that moves a threshold, and where the decision would turn."""

    input: str
    owner: str
    now: str
    then: str
    outcome_then: str


@attrs.frozen
class Step:
    """One deciding condition (or part of one), where it stands, and its threshold."""

    text: str
    holds: bool
    definition: str
    person: str
    level: int
    citation: str | None = None
    #: For a comparison of two numbers: (left shown, right shown, distance shown).
    sides: tuple[str, str, str] | None = None
    lever: Lever | None = None

    def to_dict(self) -> dict[str, Any]:
        out = {"voorwaarde": self.text, "geldt": self.holds, "in": self.definition,
               "persoon": self.person, "niveau": self.level}
        if self.citation:
            out["bron"] = self.citation
        if self.sides:
            out["links"], out["rechts"], out["afstand"] = self.sides
        if self.lever:
            out["hefboom"] = {"invoer": self.lever.input, "van": self.lever.owner,
                              "nu": self.lever.now, "omslag_bij": self.lever.then,
                              "uitkomst_dan": self.lever.outcome_then}
        return out

    def line(self) -> str:
        pad = "  " * self.level + "    "
        out = [f"{'  ' * self.level}- {self.text}: {'ja' if self.holds else 'nee'}"]
        if self.sides:
            out.append(f"{pad}{self.sides[0]} tegen {self.sides[1]}: verschil {self.sides[2]}")
        if self.lever:
            lv = self.lever
            out.append(f"{pad}met {lv.input} [{lv.owner}] {lv.then} (nu {lv.now}) "
                       f"wordt dit {'nee' if self.holds else 'ja'}; de uitkomst dan: "
                       f"{lv.outcome_then}")
        where = f"{self.definition} [{self.person}]"
        out.append(f"{pad}({where}; {self.citation})" if self.citation else f"{pad}({where})")
        return "\n".join(out)


@attrs.frozen
class Why:
    qualname: str
    person: str
    value: str
    date: dt.date
    steps: tuple[Step, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"uitkomst": self.qualname, "persoon": self.person, "waarde": self.value,
                "peildatum": self.date.isoformat(),
                "beslissend": [s.to_dict() for s in self.steps]}

    def render(self) -> str:
        lines = [f"{self.qualname} [{self.person}] = {self.value} op {self.date.isoformat()}"]
        if not self.steps:
            lines.append("geen voorwaarde besliste: de waarde volgt rechtstreeks uit de formule "
                         "(rulescore explain toont haar)")
        else:
            lines.append("beslist door:")
            lines += [s.line() for s in self.steps]
        return "\n".join(lines)


def why(program: Program, situation: Situation, qualname: str, person: str,
        date: dt.date | None = None, depth: int = 2) -> Why:
    """The deciding conditions of ``qualname`` for ``person`` on ``date``, followed
    ``depth`` rules below the outcome (at most :data:`MAX_DEPTH`)."""
    walker = _Walker(program, situation, date, min(depth, MAX_DEPTH))
    value = walker.ctx.value(qualname, person)
    walker.definition(qualname, person, 0, qualname)
    typ = program.symbols[qualname].type
    return Why(qualname, person, "ontbreekt" if value is MISSING else shown(value, typ),
               walker.ctx.date, tuple(walker.steps))


class _Walker:
    def __init__(self, program: Program, situation: Situation, date, depth: int):
        self.program = program
        self.depth = depth
        self.situation = situation.at(date) if date is not None else situation
        self.date = date
        self.ctx = compiled(program).context(situation, date)
        self.steps: list[Step] = []
        self.seen: set = set()
        self.outcome: tuple[str, str] | None = None
        self.names = citations.law_names(program)
        self.cite: str | None = None

    # -- evaluation of sub-expressions in the run's own (memoised) context
    def value(self, e, person: str, ctx=None):
        return compile_expr(e, self.program)(ctx or self.ctx, person, NO_VARS)

    def definition(self, qual: str, person: str, level: int, outcome: str) -> None:
        if self.outcome is None:
            self.outcome = (qual, person)
        if (qual, person) in self.seen or level > self.depth:
            return
        self.seen.add((qual, person))
        sym = self.program.symbols.get(qual)
        if sym is None or not isinstance(sym.decl, m.Definition):
            return
        decl = sym.decl
        index = self.ctx.versions.get((qual, person), 0)
        body = decl.versions[index].body
        reg = self.program.regulations[sym.regulation]
        cites = decl.meta.citations + decl.versions[index].meta.citations
        self.cite = citations.describe(list(dict.fromkeys(cites)), reg.bwb, self.names) or None
        self.expression(body, qual, person, level)

    def expression(self, e, qual: str, person: str, level: int) -> None:
        """Walk the value path: conditions of ``als`` and the branch taken."""
        if isinstance(e, m.If):
            holds = self.value(e.cond, person)
            if holds is MISSING:
                return
            self.condition(e.cond, bool(holds), qual, person, level)
            taken = e.then if holds else e.otherwise
            self.expression(taken, qual, person, level)
            if isinstance(taken, m.Literal) and isinstance(e.cond, m.Binary) \
                    and e.cond.op in _FLIP:
                # a fixed amount chosen by a comparison: what decided the compared amounts
                # (a year's months below the minimum) is the reason
                for side in (e.cond.left, e.cond.right):
                    self.expression(side, qual, person, level)
        elif isinstance(e, m.Call) and e.func.dotted in ("max", "min") and len(e.args) == 2:
            a, b = (self.value(x, person) for x in e.args)
            if is_number(a) and is_number(b):
                first = a >= b if e.func.dotted == "max" else a <= b
                chosen, other = e.args if first else e.args[::-1]
                # the choice as the comparison that made it: "x > 0" for max(0, x) = x
                op = (">" if e.func.dotted == "max" else "<") if chosen is e.args[1] else \
                     (">=" if e.func.dotted == "max" else "<=")
                self.compare(m.Binary(op, chosen, other, e.span), qual, person, level, True,
                             f"{print_expr(e)} kiest {print_expr(chosen)}")
                self.expression(chosen, qual, person, level)
        elif self._is_condition(e):  # a yes/no rule: its formula is the deciding condition
            holds = self.value(e, person)
            if holds is not MISSING:
                self.condition(e, bool(holds), qual, person, level)
        elif isinstance(e, m.Round):
            self.expression(e.operand, qual, person, level)
        elif isinstance(e, (m.InPeriod, m.SteadyState, m.OverMonths)):
            # a snapshot is the steady state: a period read is decided by its operand
            self.expression(e.operand, qual, person, level)
        elif isinstance(e, m.Binary) and e.op in ("+", "-", "*", "/"):
            for side in (e.left, e.right):
                self.expression(side, qual, person, level)
        elif isinstance(e, m.Ref) and self._definition_of(e):
            self.definition(self._definition_of(e), person, level + 1, qual)

    def condition(self, e, holds: bool, qual: str, person: str, level: int) -> None:
        """The parts of a condition that decided it."""
        if isinstance(e, m.Unary) and e.op == "niet":
            self.condition(e.operand, not holds, qual, person, level)
            return
        if isinstance(e, m.Binary) and e.op in ("en", "of"):
            parts = [(x, self.value(x, person)) for x in (e.left, e.right)]
            deciding = [(x, v) for x, v in parts if v is not MISSING and bool(v) == (
                e.op == "of") == holds or (v is not MISSING and e.op == "en" and holds)]
            for x, v in deciding or parts:
                if v is not MISSING:
                    self.condition(x, bool(v), qual, person, level)
            return
        if isinstance(e, m.Binary) and e.op in _FLIP:
            self.compare(e, qual, person, level, holds)
            return
        if isinstance(e, m.Literal):  # a fixed ja/nee decides nothing about this case
            return
        self.add(Step(print_expr(e), holds, qual, person, level, self.cite))
        target = self._definition_of(e) if isinstance(e, m.Ref) else None
        if target is not None:
            cite = self.cite
            self.definition(target, person, level + 1, qual)
            self.cite = cite

    def compare(self, e: m.Binary, qual: str, person: str, level: int, holds: bool,
                text: str | None = None) -> None:
        left, right = self.value(e.left, person), self.value(e.right, person)
        sides = lever = None
        if is_number(left) and is_number(right):
            types = [self.program.types.get(id(x)) for x in (e.left, e.right)]
            typ = next((t for t in types if t is not None and t.display == "bedrag"),
                       next((t for t in types if t is not None), None))
            show = (lambda x: shown(x, typ)) if typ is not None else str
            diff = to_fraction(left) - to_fraction(right)
            sides = (show(left), show(right), show(abs(diff)))
            lever = self.lever(e, person, holds)
        self.add(Step(text or print_expr(e), holds, qual, person, level, self.cite, sides,
                      lever))

    def add(self, step: Step) -> None:
        """A step, unless the same condition for the same person was shown already."""
        if (step.text, step.person) not in {(s.text, s.person) for s in self.steps}:
            self.steps.append(step)

    # -- the amount that moves a threshold
    def lever(self, e: m.Binary, person: str, holds: bool) -> Lever | None:
        candidates = self.amount_inputs(e)
        own = [c for c in candidates if c[1] == person]
        candidates = own if len(own) == 1 else candidates
        if len(candidates) != 1:  # several amounts move it: no single lever to name
            return None
        name, owner = candidates[0]
        now = to_fraction(self.situation.persons[owner][name])

        def flips(x: Fraction) -> bool | None:
            ctx = self.context_with(name, owner, x)
            v = self.value(e, person, ctx)
            return None if v is MISSING else bool(v) != holds

        # search outwards for a value on the other side, then bisect to the cent
        low, high = now, None
        for step in (Fraction(10) ** k for k in range(0, 9)):
            for candidate in (now + step, now - step):
                if candidate >= 0 and flips(candidate):
                    high = candidate
                    break
            if high is not None:
                break
        if high is None:
            return None
        for _ in range(60):
            if abs(high - low) <= Fraction(1, 100):
                break
            mid = Fraction(round((low + high) / 2 * 100), 100)
            if mid in (low, high):
                break
            if flips(mid):
                high = mid
            else:
                low = mid
        if not flips(high):  # not monotone where we looked: say nothing rather than guess
            return None
        qual, outcome_person = self.outcome
        ctx = self.context_with(name, owner, high)
        then = ctx.value(qual, outcome_person)
        typ = self.program.symbols[name].type
        outcome_type = self.program.symbols[qual].type
        return Lever(name, owner, format_value(now, typ), format_value(high, typ),
                     "ontbreekt" if then is MISSING else shown(then, outcome_type))

    def amount_inputs(self, e) -> list[tuple[str, str]]:
        """The numeric inputs of the household given as plain values that the expression
        reads (through definitions), as (input, person)."""
        names, stack, seen = set(), list(references(self.program, e)), set()
        while stack:
            q = stack.pop()
            if q in seen:
                continue
            seen.add(q)
            sym = self.program.symbols.get(q)
            if sym is None:
                continue
            if sym.kind == "invoer":
                names.add(q)
            elif isinstance(sym.decl, m.Definition):
                for v in sym.decl.versions:
                    stack.extend(references(self.program, v.body))
        found = []
        for pid, facts in self.situation.persons.items():
            for name in sorted(names):
                value = facts.get(name)
                if value is not None and not isinstance(value, bool) and is_number(value) \
                        and self.program.symbols[name].type.display == "bedrag":
                    found.append((name, pid))
        return found

    def context_with(self, name: str, owner: str, value: Fraction):
        persons = dict(self.situation.persons)
        persons[owner] = {**persons[owner], name: value}
        sit = attrs.evolve(self.situation, persons=persons)
        return compiled(self.program).context(sit, self.date or self.ctx.date)

    def _is_condition(self, e) -> bool:
        typ = self.program.types.get(id(e))
        return typ is not None and typ.describe() == "ja/nee" and not isinstance(e, m.Ref) \
            or isinstance(e, m.Binary) and e.op in ("en", "of", *_FLIP) \
            or isinstance(e, m.Unary) and e.op == "niet"

    def _definition_of(self, e) -> str | None:
        if not isinstance(e, m.Ref):
            return None
        res = self.program.resolutions.get(id(e))
        if res is None or res.kind != "symbol":
            return None
        sym = self.program.symbols.get(res.target)
        return res.target if sym is not None and isinstance(sym.decl, m.Definition) else None
