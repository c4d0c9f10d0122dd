"""Expressions as written (literals, names, operators, aggregates, period expressions) into
frozen attrs nodes with spans: the expression half of :mod:`rulescore.model`.

Like the model, syntax made structured: names unresolved, types unchecked.
"""

from __future__ import annotations

from typing import Union

import attrs


@attrs.frozen
class Span:
    """A region of a source file (1-based lines and columns)."""

    file: str
    line: int
    column: int
    end_line: int
    end_column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


NOWHERE = Span("<intern>", 0, 0, 0, 0)


def _span_field():
    # Spans never take part in equality: a model printed and re-parsed is "the same".
    return attrs.field(default=NOWHERE, eq=False, repr=False)


# ------------------------------------------------------------------ expressions

@attrs.frozen
class Literal:
    """A constant: number, amount, percentage, date, duration, ja/nee or text."""

    #: Fraction for numbers, ``datetime.date``, ``Duration``, bool or str.
    value: object
    #: ``getal``, ``bedrag``, ``percentage``, ``omrekenfactor``, ``datum``, ``duur``,
    #: ``ja/nee`` or ``tekst``.
    kind: str
    #: For amounts: the period word (``maand``); for conversion factors: (num, den).
    unit: object = None
    span: Span = _span_field()


@attrs.frozen
class Duration:
    """A calendar duration: years, months and days (``67 jaar en 3 maanden``)."""

    years: int = 0
    months: int = 0
    days: int = 0


@attrs.frozen
class Ref:
    """A name: ``toetsingsinkomen``, ``awir.toetsingsinkomen`` or ``m.leeftijd``."""

    parts: tuple[str, ...]
    span: Span = _span_field()

    @property
    def dotted(self) -> str:
        return ".".join(self.parts)


@attrs.frozen
class Subject:
    """``ik``: the person the definition is evaluated for."""

    span: Span = _span_field()


@attrs.frozen
class EvalDate:
    """``peildatum``: the date the situation is evaluated on."""

    span: Span = _span_field()


@attrs.frozen
class Contributions:
    """``bijdragen``: the sum of the definitions that declare ``bijdrage aan`` this one (0
    without any); rewritten into that sum of names before checking
    (:mod:`rulescore.dsl.contributions`), so no evaluator meets it."""

    span: Span = _span_field()


@attrs.frozen
class Undecided:
    """``onbeslist "…"``: the law does not decide this case; reaching it is an error (RS407)
    that names the case, never a guess."""

    message: str
    span: Span = _span_field()


@attrs.frozen
class Binary:
    """Arithmetic, comparison or logic: ``left op right``."""

    op: str
    left: "Expr"
    right: "Expr"
    span: Span = _span_field()


@attrs.frozen
class Unary:
    """``niet x`` or ``-x``."""

    op: str
    operand: "Expr"
    span: Span = _span_field()


@attrs.frozen
class If:
    """``als cond dan a anders b``."""

    cond: "Expr"
    then: "Expr"
    otherwise: "Expr"
    span: Span = _span_field()


@attrs.frozen
class Call:
    """A function, table or relation applied to arguments: ``max(a, b)``."""

    func: Ref
    args: tuple["Expr", ...]
    span: Span = _span_field()


@attrs.frozen
class Round:
    """Explicit rounding, named as the law names it (``afgerond op hele euro's``)."""

    operand: "Expr"
    #: ``centen`` or ``euros``.
    to: str
    #: ``half_up`` (rekenkundig), ``down`` or ``up``.
    mode: str
    span: Span = _span_field()


@attrs.frozen
class Filter:
    """``(m in S waarvoor cond)``: the persons of S for whom cond holds."""

    var: str
    source: "Expr"
    cond: "Expr"
    span: Span = _span_field()


@attrs.frozen
class Aggregate:
    """``aantal(S)``, ``som(m in S: x)``, ``alle(m in S: c)``, ``enige(m in S: c)``."""

    kind: str
    var: str | None
    source: "Expr"
    body: "Expr | None"
    span: Span = _span_field()


# ------------------------------------------------------------------ period expressions (#14)

@attrs.frozen
class InPeriod:
    """``x in het jaar`` (shift 0) or ``x in de vorige maand`` (shift -1): x in the period
    of ``kind`` containing the current one, or the one before it."""

    operand: "Expr"
    #: ``maand``, ``kwartaal`` or ``jaar``.
    kind: str
    shift: int = 0
    span: Span = _span_field()


@attrs.frozen
class OnDate:
    """``x op 1 januari``: x with the day ``day`` (a date expression) as peildatum."""

    operand: "Expr"
    day: "Expr"
    span: Span = _span_field()


@attrs.frozen
class KnownAs:
    """``x zoals bekend op D``: the input x on the current day as it was known on the day
    ``day`` (a date expression): a piece whose ``besluit`` lies after D is not yet known."""

    operand: "Expr"
    day: "Expr"
    span: Span = _span_field()


@attrs.frozen
class DayOfYear:
    """``1 januari`` without a year: that day in the year of the current period."""

    day: int
    month: int
    span: Span = _span_field()


@attrs.frozen
class DayOfMonth:
    """``dag 20 van de vorige maand`` (shift -1) or ``dag 20 van de maand`` (shift 0): that day
    of the month containing the peildatum, or of the month before it (the month's last day
    where it has fewer days)."""

    day: int
    shift: int = 0
    span: Span = _span_field()


@attrs.frozen
class PeriodStart:
    """``de eerste dag van het kwartaal``: the first day of the enclosing period of ``kind``."""

    kind: str
    span: Span = _span_field()


@attrs.frozen
class OverMonths:
    """``som van x over de maanden van het jaar`` (``kind`` som) or ``gemiddelde van …``."""

    #: ``som`` or ``gemiddelde``.
    kind: str
    operand: "Expr"
    #: The enclosing period whose months are read: ``kwartaal`` or ``jaar``.
    period: str
    #: ``over de eerdere maanden``: only the months of that period before the current one
    #: (the one way a definition reads itself: what was paid so far).
    earlier: bool = False
    span: Span = _span_field()


@attrs.frozen
class MonthsWhere:
    """``aantal maanden van het jaar waarin c`` (a getal), ``aandeel van het jaar waarin c``
    (months in which c holds / months of the period) or ``eerste maand van het jaar waarin
    c`` (the first day of the first such month, or ``geen``)."""

    #: ``aantal``, ``aandeel`` or ``eerste``.
    kind: str
    period: str
    cond: "Expr"
    span: Span = _span_field()


# ------------------------------------------------------------------ other facts (#14 §4)

@attrs.frozen
class Substitution:
    """``y gelijk is aan z`` in a ``waarbij``: the definition or input y read as z."""

    target: Ref
    value: "Expr"
    span: Span = _span_field()


@attrs.frozen
class Where:
    """``x waarbij y gelijk is aan z (en …)``: x in a world where each y has, for every
    owner it is read for, the value of z for that owner in the world outside."""

    operand: "Expr"
    substitutions: tuple[Substitution, ...]
    span: Span = _span_field()


@attrs.frozen
class SteadyState:
    """``x in een jaar als deze maand``: x (a value of the longer period ``kind``) in the
    steady state of the current period: as if every ``like`` of that longer period were like
    the current one (the loonheffing's herleiding of the tijdvakloon to a year)."""

    operand: "Expr"
    #: The longer period the operand is of: ``jaar`` or ``kwartaal``.
    kind: str
    #: The reader's own, shorter period: ``maand`` or ``kwartaal``.
    like: str
    span: Span = _span_field()


@attrs.frozen
class TijdvakClause:
    """``tijdvak maand|kwartaal|jaar`` on a regulation or a declaration, as written."""

    name: str
    span: Span = _span_field()


Expr = Union[Literal, Ref, Subject, EvalDate, Binary, Unary, If, Call, Round, Filter, Aggregate,
             Undecided, InPeriod, OnDate, DayOfYear, DayOfMonth, PeriodStart, OverMonths,
             MonthsWhere, SteadyState, Where, KnownAs, Contributions]

#: The period expression nodes (each reads its operand in another period or on another day).
PERIOD_NODES = (InPeriod, OnDate, OverMonths, MonthsWhere, SteadyState, KnownAs)
