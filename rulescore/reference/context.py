"""A situation on a date into one run's Context (memo, missing inputs, trace), and its values.

Also what compiled rules use on a Context: :data:`MISSING`, :data:`ABSENT`,
:class:`EvaluationError`, :func:`scoped`, :func:`keep_missing`, :func:`over_budget` and
:func:`round_value`. This module imports nothing of the compiler, so both
:mod:`rulescore.reference.compiler` and :mod:`rulescore.reference.evaluation` (which
compiles and runs a program) can import it.
"""

from __future__ import annotations

import datetime as dt

import attrs

from rulescore import limits
from rulescore import model as m
from rulescore.errors import Diagnostic
from rulescore.exact import round_exact
from rulescore.periods import KINDS, Period
from rulescore.reference.worlds import World, WorldHooks
from rulescore.situation import Situation
from rulescore.values import grouped


class _Missing:
    """A value that could not be computed because an input is missing; absorbs operations."""

    _instance = None

    def __new__(cls):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def _absorb(self, *args):
        return self

    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = _absorb
    __truediv__ = __rtruediv__ = __neg__ = _absorb
    __lt__ = __le__ = __gt__ = __ge__ = _absorb

    def __bool__(self):
        raise TypeError("MISSING has no truth value")  # a compiler bug if ever reached

    def __repr__(self):
        return "MISSING"


MISSING = _Missing()
ABSENT = object()
NO_VARS: dict = {}  # the variables of a definition body: none (never mutated)

class EvaluationError(Exception):
    """A rule could not be applied (no valid version, division by zero, …)."""

    def __init__(self, code: str, message: str, span: m.Span | None, hint: str | None = None):
        super().__init__(message)
        self.diagnostic = Diagnostic(code, message, span=span, hint=hint)


@attrs.frozen
class Steady:
    """The steady state of the period ``of`` read as a ``kind`` (``x in een jaar als deze
    maand``), from the day ``start``: the period part of the trace keys inside
    :meth:`Context.steady`; its memo is ``Context.memos[(steady, day)]``."""

    of: Period
    kind: str
    start: dt.date

    def label(self) -> str:
        return f"{self.of.label()} herleid tot een {self.kind}"


@attrs.define
class Context(WorldHooks):
    """One evaluation run: a situation on a date, the memo and (optionally) the trace."""

    #: the compiled program (:class:`rulescore.reference.evaluation.CompiledProgram`, which
    #: imports this module)
    program: "CompiledProgram"
    situation: Situation
    date: dt.date
    memo: dict = attrs.field(factory=dict)
    #: (kind, name, person) of inputs that were needed but absent.
    missing: dict = attrs.field(factory=dict)
    #: (kind, name, owner) of inputs that were absent and read as their declared default;
    #: owner is a person id, a dwelling id or ``a~b`` for a relation.
    defaults: set = attrs.field(factory=set)
    #: When tracing: key → list of keys it used; ``None`` when not tracing.
    deps: dict | None = None
    #: The dependency list of the value being computed (tracing only).
    current: list | None = None
    #: key → the version (index) that was applied.
    versions: dict = attrs.field(factory=dict)
    #: Iterations over persons (set members visited) this run may still make; below
    #: zero the run stops with RS412 (:func:`over_budget`), never hangs.
    budget: int = attrs.field(factory=lambda: limits.WORK_BUDGET)
    #: (definition, person) → the missing inputs its MISSING value needed (not on the fast
    #: path): a later read of that memoised MISSING names them again.
    missing_of: dict = attrs.field(factory=dict)
    #: Over a range: the situation over time (``situation`` is then its snapshot on
    #: ``date``), the current period, and per (period, peildatum) its own memo, versions
    #: and missing_of. In a snapshot ``timeline`` is None and every period is the steady
    #: state of ``date`` (docs/time.rst).
    timeline: Situation | None = None
    period: Period | None = None
    memos: dict = attrs.field(factory=dict)
    #: Inside a ``waarbij`` (:mod:`rulescore.reference.worlds`): its world, else None; and
    #: per world its own ``memos`` (``worlds[None]`` is the run's own).
    world: World | None = None
    worlds: dict = attrs.field(factory=dict)
    #: Inside :meth:`steady` (over a range): the :class:`Steady` being evaluated, whose
    #: snapshot semantics (``period`` None) every period expression in it follows.
    steady_as: Steady | None = None
    #: id of a situation → (that situation, its relations indexed by kind and person),
    #: see :mod:`rulescore.reference.related` (the situation kept: an id is not reused)
    relation_index: dict = attrs.field(factory=dict)

    def note(self, key) -> None:
        if self.current is not None:
            self.current.append(key if self.timeline is None and self.world is None
                                else (*key, self.where()))

    #: The (definition, person) keys being computed, innermost last; kept only when
    #: tracing or diagnosing (the fast path records no "needed by", see evaluate_outputs).
    stack: list | None = None
    #: The memo when neither tracing nor diagnosing (no stack), else None: the compiled
    #: definitions test this one attribute on their hottest path.
    fast: dict | None = attrs.field(init=False)

    def __attrs_post_init__(self):
        self.fast = self.memo if self.stack is None else None
        self.memos.setdefault(self.where(), (self.memo, self.versions, self.missing_of))
        self.worlds[None] = self.memos

    def value(self, qualname: str, person: str):
        """The memoised value of a definition for a person.

        No cycle guard is needed: the checker proves the definition graph acyclic, and a
        (definition, person) key only ever depends on keys along those static edges.
        """
        key = (qualname, person)
        val = self.memo.get(key, ABSENT)
        if val is ABSENT:
            return self.compute(key)
        if self.current is not None:
            self.current.append(key if self.timeline is None and self.world is None
                                else (*key, self.where()))
        if val is MISSING and self.stack is not None:
            keep_missing(self, self.missing_of.get(key, {}))
        return val

    def compute(self, key):
        """Compute and memoise a key that is not in the memo yet."""
        if self.stack is None:  # the fast path: no trace, no "needed by"
            val = self.memo[key] = self.program.definitions[key[0]](self, key[1], NO_VARS)
            return val
        self.stack.append(key)
        tkey = key if self.timeline is None and self.world is None else (*key, self.where())
        outer = self.current
        outer_missing, self.missing = self.missing, {}
        if self.deps is not None:
            self.current = []
        try:
            val = self.program.definitions[key[0]](self, key[1], NO_VARS)
        finally:
            self.stack.pop()
            own, self.missing = self.missing, outer_missing
            if self.deps is not None:
                self.deps[tkey] = self.current
                self.current = outer
        if val is MISSING:  # a value that was computed needed none of what was missing
            self.missing_of[key] = own
            keep_missing(self, own)
        self.memo[key] = val
        if outer is not None:
            outer.append(tkey)
        return val

    def where(self) -> tuple:
        """The current (period, peildatum), and inside a ``waarbij`` its world: with a
        (definition, person) key, a value's identity over a range or in a world (trace
        keys are then ``(definition, person, where)``); ``where()[:2]`` keys ``memos``."""
        here = (self.period if self.period is not None else self.steady_as, self.date)
        return here if self.world is None else (*here, self.world)

    def needed_by(self) -> str | None:
        """Which rule is asking, for diagnostics: ``zorgtoeslag.normpremie voor anna``."""
        if self.stack is None:
            return None
        if not self.stack:
            return "de berekening"
        qual, person = self.stack[-1]
        if self.timeline is not None:
            return f"{qual} voor {person} in {self.where()[0].label()}"
        return f"{qual} voor {person}"

    # ---------------------------------------------------------------- periods (#14)
    # The operations compiled period expressions call (docs/time.rst). In a snapshot
    # (``period is None``: no timeline, or inside :meth:`steady`) every period looks like
    # the peildatum: the steady state. Over a range, each period is evaluated on its own
    # first day (or the day named), on the situation as it is that day, with a memo of its
    # own.

    def within(self, kind: str, shift: int, fn, person, env):
        """``x in het jaar`` (shift 0), ``x in de vorige maand`` (kind maand, shift -1)."""
        if self.period is None:
            return fn(self, person, env)
        target = self.period.within(kind).shifted(shift)
        return self.in_period(target, self.entry(person, target) or target.start, fn,
                              person, env)

    def on_date(self, day, kind: str | None, fn, person, env):
        """``x op 1 januari``: x with ``day`` as peildatum, in the period of ``kind`` (x's
        tijdvak; None: the current kind) that contains it."""
        if day is MISSING:
            return MISSING
        if self.period is None:
            return fn(self, person, env) if day == self.date else self._snapshot_on(
                day, fn, person, env)
        return self.in_period(Period.containing(kind or self.period.kind, day), day, fn,
                              person, env)

    def over_months(self, kind: str, fn, person, env) -> list:
        """x in every month of the enclosing ``kind`` period in which the person exists."""
        if self.period is None:
            return [fn(self, person, env)] * KINDS[kind]
        outer = self.period.within(kind)
        return [self.in_period(month, month.start, fn, person, env)
                for month in outer.months() if self.exists(person, month.start)]

    def earlier_months(self, kind: str, fn, person, env) -> list:
        """x in every month of the enclosing ``kind`` period before the current month (in
        which the person exists), January first: a definition that reads itself this way
        finds each earlier month in its memo. In a snapshot each earlier month is a snapshot
        on its own first day (as a range evaluates a month); none in the period's first."""
        if self.period is None:
            first = Period.containing("maand", self.date).start
            outer = Period.containing(kind, self.date)
            return [self._snapshot_on(month.start, fn, person, env)
                    for month in outer.months() if month.start < first]
        current = self.period.start
        return [self.in_period(month, month.start, fn, person, env)
                for month in self.period.within(kind).months()
                if month.start < current and self.exists(person, month.start)]

    def first_month(self, kind: str, cond, person, env):
        """The first day of the first month of the enclosing ``kind`` period in which
        ``cond`` holds; None if there is none; MISSING if undecided before one is found."""
        if self.period is None:
            held = cond(self, person, env)
            return held if held is MISSING else (
                Period.containing(kind, self.date).start if held else None)
        outer = self.period.within(kind)
        for month in outer.months():
            if self.exists(person, month.start):
                held = self.in_period(month, month.start, cond, person, env)
                if held is MISSING or held:
                    return held if held is MISSING else month.start
        return None

    def steady(self, kind: str, fn, person, env):
        """``x in een jaar als deze maand``: x in the steady state of the current period,
        every ``kind`` alike: the snapshot of the current day. In a snapshot that is x
        itself; over a range, x is evaluated as a snapshot (``period`` None) on the
        situation of the day, with a memo of its own (trace keys carry a :class:`Steady`);
        the caller's state is restored."""
        if self.period is None:
            return fn(self, person, env)
        tag = Steady(self.period, kind, self.date)
        saved = (self.period, self.steady_as, self.memo, self.versions, self.missing_of)
        self.period, self.steady_as = None, tag
        self._use_state(self.memos, (tag, self.date))
        try:
            return fn(self, person, env)
        finally:
            self.period, self.steady_as, self.memo, self.versions, self.missing_of = saved
            self._follow_memo()

    def known_as(self, known, fn, person, env):
        """``x zoals bekend op D``: the input read ``fn`` on the situation of the current
        day as known on ``known`` (docs/time.rst); over a range the day is the run's
        date, in a snapshot the day the snapshot was taken (its facts stay the
        peildatum's). Only an input is read this way (RS513), so no memo is involved."""
        if known is MISSING:
            return MISSING
        if self.timeline is not None:
            base, day = self.timeline, self.date
        elif self.situation.origin is not None:
            base, day = self.situation.origin
        else:
            return fn(self, person, env)  # nothing dated: everything known from the start
        if base.timeline is None or not base.timeline.decisions:
            return fn(self, person, env)  # (an undated situation over a range: one layer)
        saved = self.situation
        self.situation = base.known_on(day, known)
        try:
            return fn(self, person, env)
        finally:
            self.situation = saved

    def _snapshot_on(self, day, fn, person, env):
        """A snapshot read on another day, ``day`` as peildatum (ages and parameter versions
        follow it), with that day's own memo; the caller's restored. On one peildatum the
        facts are the same; inside :meth:`steady` over a range they are the facts of that
        day (``x op dag 20 van de vorige maand``: what was known then)."""
        saved = (self.date, self.situation, self.memo, self.versions, self.missing_of)
        self.date = day
        if self.timeline is not None:
            self.situation = self.timeline.at(day)
        self._use_state(self.memos, (self.steady_as, day))  # (None, day) in a snapshot
        try:
            return fn(self, person, env)
        finally:
            self.date, self.situation, self.memo, self.versions, self.missing_of = saved
            self._follow_memo()

    def exists(self, person, day) -> bool:
        return person is None or person in self.timeline.at(day).persons

    def entry(self, person, period: Period):
        """The peildatum of a person's part of ``period``: its first day, or for a person
        born within it the first day of the first month he is alive on (a child born in
        May has a year 2026 from 1 June); None if he is alive on none of them."""
        for month in period.months():
            if self.exists(person, month.start):
                return month.start
        return None

    def in_period(self, period: Period, day, fn, person, env):
        """``fn`` evaluated in ``period`` with peildatum ``day``, on the situation of that
        day and with that (period, day)'s own memo; the caller's state is restored."""
        if not self.exists(person, day):
            raise EvaluationError(
                "RS540", f"{person} bestaat niet in {period.label()} (peildatum "
                f"{day.isoformat()})", None,
                hint="de persoon is dan nog niet geboren of al overleden; lees de waarde "
                     "in een periode waarin hij bestaat")
        saved = (self.period, self.date, self.situation, self.memo, self.versions,
                 self.missing_of)
        self.period, self.date, self.situation = period, day, self.timeline.at(day)
        self._use_state(self.memos, (period, day))
        try:
            return fn(self, person, env)
        finally:
            (self.period, self.date, self.situation, self.memo, self.versions,
             self.missing_of) = saved
            self._follow_memo()


def scoped(ctx: Context, fn, person, env):
    """``fn``'s value and the missing inputs recorded while computing it, kept apart from
    the run's, so that a caller can drop what an outcome turns out not to need (``a of b``
    with b ja). On the fast path (no stack) nothing is kept apart: a missing input there
    only triggers the diagnosing rerun, which decides what was needed."""
    if ctx.stack is None:
        return fn(ctx, person, env), NO_VARS
    outer, ctx.missing = ctx.missing, {}
    try:
        return fn(ctx, person, env), ctx.missing
    finally:
        ctx.missing = outer


def keep_missing(ctx: Context, missing: dict) -> None:
    """Count missing inputs kept apart by :func:`scoped` as needed after all."""
    for k, who in missing.items():
        ctx.missing.setdefault(k, who)


def over_budget(span: m.Span | None):
    """RS412: the run has used its budget of iterations over persons (docs/limits.rst);
    the compiled aggregates and filters count it down."""
    raise EvaluationError(
        "RS412", "de berekening voor dit huishouden vraagt meer dan "
        f"{grouped(limits.WORK_BUDGET)} herhalingen over personen", span,
        hint="de regels herhalen in elkaar over personen; geef de binnenste herhaling een "
             "eigen definitie, of reken met minder personen per huishouden")



def round_value(x, to: str, mode: str):
    if x is MISSING:
        return x
    return round_exact(x, 100 if to == "centen" else 1, mode)
