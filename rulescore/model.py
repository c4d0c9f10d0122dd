"""What a regulation says, as frozen attrs objects built from DSL text.

The model is syntax made structured: names are not yet resolved and types not yet
checked (that is :mod:`rulescore.dsl.checker`'s job). Every node keeps the
:class:`Span` it came from so diagnostics and explanations can point at the source.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Union

import attrs


from rulescore.model_expressions import (  # noqa: F401  (the model's expression half)
    Span, NOWHERE, _span_field, Literal, Duration, Ref, Subject, EvalDate,
    Undecided, Binary, Unary, If, Call, Round, Filter, Aggregate, InPeriod,
    OnDate, DayOfYear, DayOfMonth, PeriodStart, OverMonths, MonthsWhere, SteadyState, TijdvakClause, Expr,
    PERIOD_NODES, Substitution, Where, KnownAs, Contributions)
from rulescore.model_scenarios import (  # noqa: F401  (what only a scenario file states)
    SCENARIO_STATUSES, ScenarioStatus, Binding, ParameterChange, PaymentChange, Abolition,
    DefinitionChange, OptionRule, TransitionOption, Reform, CarryForward)


@attrs.frozen
class Citation:
    """Where in the law a rule comes from: BWB-id, artikel, lid, onderdeel, URL."""

    bwb: str | None
    artikel: str
    lid: str | None = None
    onderdeel: str | None = None
    url: str | None = None
    span: Span = _span_field()

    def describe(self, default_bwb: str | None = None) -> str:
        parts = [f"artikel {self.artikel}"]
        if self.lid:
            parts.append(f"lid {self.lid}")
        if self.onderdeel:
            parts.append(f"onderdeel {self.onderdeel}")
        bwb = self.bwb or default_bwb
        return (f"{bwb} " if bwb else "") + " ".join(parts)


# ------------------------------------------------------------------ declarations

@attrs.frozen
class TypeRef:
    """A type as written: base word, optional period, or an enumeration name."""

    base: str
    per: str | None = None
    enum: str | None = None
    span: Span = _span_field()


@attrs.frozen
class PaymentClause:
    """``betaald op dag 20 van de maand ervoor``: when the value of a definition for one of
    its periods is paid to the person (``teruggevorderd``: recovered from him); the day is
    relative to that period (docs/payments.rst)."""

    #: ``betaald`` or ``teruggevorderd``
    direction: str
    #: ``eerste maand``, ``laatste maand``, ``maand ervoor``, ``maand erna`` or ``jaar erna``
    anchor: str
    #: the day of the month (a day past the month's end is its last day)
    day: int
    #: the month, for ``jaar erna`` (``op 1 juli van het jaar erna``)
    month: int | None = None
    span: Span = _span_field()


@attrs.frozen
class Meta:
    """The clauses shared by every declaration: citations, explanation, assumptions."""

    citations: tuple[Citation, ...] = ()
    #: The drafter's own-words comment, shown in explanations.
    toelichting: str | None = None
    #: Named assumptions (UNCONFIRMED figures or readings) this item rests on.
    aannames: tuple[str, ...] = ()
    #: ``tijdvak …`` as written on the declaration (only definitions may have one).
    tijdvak: TijdvakClause | None = None
    #: ``betaald op …`` / ``teruggevorderd op …`` (only definitions may have one).
    betaling: PaymentClause | None = None
    #: ``gezamenlijk met toeslagpartners``: the value is one joint entitlement of the
    #: person and the persons of that set (only definitions may have one).
    gezamenlijk: Expr | None = None
    #: ``feit x telt vanaf het besluit``: the inputs (as Refs) this rule reads as known on
    #: the day it reads them (only definitions may have them; docs/time.rst)
    vanaf_besluit: tuple = ()
    #: ``bijdrage aan x``: this amount is one of the ``bijdragen`` in the formula of the
    #: definition x (a Ref; only definitions may have one; dsl/contributions.py)
    bijdrage_aan: Expr | None = None


@attrs.frozen
class DatedValue:
    """One value of a parameter, valid from ``vanaf`` until the next one starts."""

    vanaf: dt.date
    value: Literal
    aanname: str | None = None
    #: Optional end (exclusive) when no later value is known: dates from here are refused.
    tot: dt.date | None = None
    #: ``vanaf D: bevroren``: held at the value in force the day before (``value`` is that
    #: value, filled in by the transformer; docs/overgangsrecht.rst)
    bevroren: bool = False
    span: Span = _span_field()


@attrs.frozen
class Parameter:
    """A figure the law fixes, with dated values (``vanaf … : € …``)."""

    name: str
    type: TypeRef
    meta: Meta
    values: tuple[DatedValue, ...]
    span: Span = _span_field()


@attrs.frozen
class KeyPattern:
    """A table key: an exact value, a band ``a tot b``, ``vanaf a`` or ``overig``."""

    kind: str
    low: Literal | None = None
    high: Literal | None = None


@attrs.frozen
class Row:
    keys: tuple[KeyPattern, ...]
    value: Literal
    span: Span = _span_field()


@attrs.frozen
class TableVersion:
    vanaf: dt.date
    rows: tuple[Row, ...]
    aanname: str | None = None
    #: Optional end (exclusive) when the next version is not known.
    tot: dt.date | None = None
    span: Span = _span_field()


@attrs.frozen
class Table:
    """A dated lookup table by one or more keys (age band, household type, …)."""

    name: str
    type: TypeRef
    meta: Meta
    keys: tuple[str, ...]
    versions: tuple[TableVersion, ...]
    span: Span = _span_field()


@attrs.frozen
class Regime:
    """What makes a version a regime of overgangsrecht (``regime naam "titel"``,
    docs/overgangsrecht.rst): its name, the peildata on which it applies and how a right
    under it ends. Its person's dates are the version's ``[vanaf, tot)``."""

    name: str
    title: str | None = None
    #: the person's date as written in ``voor <naam> vanaf … tot …``
    date_name: str | None = None
    #: ``gesloten instroom vanaf D``: admits nobody whose date is on or after D (tot = D)
    closed: bool = False
    #: ``geldt vanaf … tot …``: the peildata on which the regime applies (None: always)
    geldt_vanaf: dt.date | None = None
    geldt_tot: dt.date | None = None
    #: ``eindigt op e``: the person's day from which his right under the regime has ended;
    #: it cannot revive (``geen``: it has not ended)
    ends: Expr | None = None
    #: ``na einde van r``: the regime of whoever's right under regime ``r`` has ended
    after: str | None = None
    span: Span = _span_field()


@attrs.frozen
class Version:
    """One version of a definition, valid on ``[vanaf, tot)`` of the selector date."""

    vanaf: dt.date | None
    tot: dt.date | None
    meta: Meta
    body: Expr
    #: set for the regimes of ``overgangsrecht`` (docs/overgangsrecht.rst)
    regime: Regime | None = None
    span: Span = _span_field()


@attrs.frozen
class Definition:
    """A rule: ``definitie``/``uitkomst`` name: type = expression (or versions)."""

    name: str
    type: TypeRef
    meta: Meta
    versions: tuple[Version, ...]
    #: The date that selects the version; ``None`` means the peildatum.
    selector: Expr | None = None
    #: ``uitkomst``: reported in results.
    output: bool = False
    #: True when written as a single ``= expr`` body (no ``versie`` keyword).
    unversioned: bool = False
    span: Span = _span_field()


@attrs.frozen
class Domain:
    """The values an input may take: ``tussen a en b``, ``niet negatief``, ``niet na peildatum``."""

    #: ``tussen`` (both bounds inclusive), ``niet negatief`` or ``niet na peildatum``.
    kind: str
    low: Literal | None = None
    high: Literal | None = None
    span: Span = _span_field()


@attrs.frozen
class Input:
    """A fact the situation must provide: ``invoer`` name: type van eigenaar."""

    name: str
    type: TypeRef
    #: ``persoon``, ``woning`` or ``relatie``.
    owner: str
    #: For relation inputs: the relation kind.
    relation: str | None
    meta: Meta
    #: The value the law prescribes when the fact is not given; None: required.
    default: Literal | None = None
    span: Span = _span_field()
    #: The values the fact may take (checked when a situation is loaded); None: any.
    domain: Domain | None = None
    #: The grounds of the default: its own ``bron`` (the law that provides it) or ``aanname``.
    default_meta: Meta = Meta()
    #: ``zelf opgegeven``: the person states the fact; no register holds it (docs/scan.rst).
    self_reported: bool = False


@attrs.frozen
class Relation:
    """A kind of relation between two persons (``huwelijk``), symmetric or directed."""

    name: str
    symmetric: bool
    meta: Meta
    #: ``uniek``: a person has at most one relation of this kind (a marriage, a household).
    unique: bool = False
    span: Span = _span_field()
    #: ``zonder kringen`` (directed kinds): nobody is related to himself through a chain.
    acyclic: bool = False


@attrs.frozen
class Enumeration:
    """``keuze soort: a, b, c``."""

    name: str
    values: tuple[str, ...]
    meta: Meta
    span: Span = _span_field()


@attrs.frozen
class FactChange:
    """``, vanaf 1 juli 2026 € 2.500`` after a fact: the value it has from that day."""

    vanaf: dt.date
    #: A Literal, or a str naming a dwelling or person.
    value: object
    #: ``besluit D``: a revision known from D on (docs/time.rst, "Later bekend"): it does not
    #: end the value before it, which stays what was known until D.
    besluit: dt.date | None = None
    span: Span = _span_field()


@attrs.frozen
class Fact:
    name: str
    #: A Literal, or a str naming a dwelling or person; with ``changes``: the first value,
    #: until the first change.
    value: object
    #: Later values, each from its ``vanaf`` until the next (docs/time.rst).
    changes: tuple[FactChange, ...] = ()
    span: Span = _span_field()


@attrs.frozen
class ExampleEntity:
    """A person, dwelling or relation in a worked case."""

    kind: str
    ids: tuple[str, ...]
    #: For relations: the relation kind.
    relation: str | None
    facts: tuple[Fact, ...]
    #: For relations: the period it holds, ``[vanaf, tot)``; None: unbounded.
    vanaf: dt.date | None = None
    tot: dt.date | None = None
    span: Span = _span_field()


@attrs.frozen
class Expectation:
    name: Ref
    person: str
    value: Literal
    #: The period the value is expected in (a label: ``2026``, ``2026-K2``, ``2026-03``);
    #: None: on the case's peildatum.
    period: str | None = None
    span: Span = _span_field()


@attrs.frozen
class Example:
    """A worked case next to the rules: a situation, a date (or a range of months) and
    expected outcomes."""

    title: str
    meta: Meta
    #: As written; None when the case states only a range (then its first day counts).
    peildatum: dt.date | None
    entities: tuple[ExampleEntity, ...]
    expectations: tuple[Expectation, ...]
    #: ``van … tot en met …``: the first days of the first and last month, or None.
    first_month: dt.date | None = None
    last_month: dt.date | None = None
    span: Span = _span_field()

    @property
    def day(self) -> dt.date:
        """The peildatum the case is evaluated on: as written, else the range's first day."""
        return self.peildatum if self.peildatum is not None else self.first_month


@attrs.frozen
class Concept:
    """``begrip``: a notion several regulations use, each through a named variant."""

    name: str
    type: TypeRef
    meta: Meta
    span: Span = _span_field()


@attrs.frozen
class Variant:
    """``variant naam van begrip = …``: one regulation's (or a scenario's) reading of a concept."""

    name: str
    concept: str
    meta: Meta
    body: Expr
    span: Span = _span_field()


Item = Union[Parameter, Table, Definition, Input, Relation, Enumeration, Concept, Variant]


@attrs.frozen
class Regulation:
    """One rules file: the header and everything declared in it."""

    name: str
    title: str
    bwb: str | None
    uitvoerder: str | None
    url: str | None
    uses: tuple[str, ...]
    items: tuple[Item, ...]
    examples: tuple[Example, ...]
    #: Concept bindings of this regulation (or, for a scenario, the rebindings).
    bindings: tuple[Binding, ...] = ()
    #: True for a scenario file: it rebinds regulations instead of being one.
    is_scenario: bool = False
    #: A scenario's parameter changes (``wijzig parameter``); empty for a regulation.
    changes: tuple[ParameterChange, ...] = ()
    #: ``tijdvak …`` in the header; None: the regulation's definitions follow their reader.
    tijdvak: TijdvakClause | None = None
    #: A scenario's ``status …``; None when it states none.
    status: ScenarioStatus | None = None
    #: A scenario's ``hervorming vanaf …`` with its transitional options; None without.
    reform: Reform | None = None
    #: A scenario's ``waarden doorgetrokken tot …``; None without.
    carry_forward: CarryForward | None = None
    #: The source text, kept for diagnostics and provenance hashing.
    source: str = attrs.field(default="", eq=False, repr=False)
    span: Span = _span_field()


def fraction(text: str) -> Fraction:
    """Parse Dutch number notation (``1.401,50``) exactly."""
    return Fraction(text.replace(".", "").replace(",", "."))
