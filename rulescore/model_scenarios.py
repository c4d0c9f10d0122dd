"""What a scenario file states beyond a regulation, as frozen attrs objects: its status,
its concept bindings (from a date, if it says so) and its changes to parameters, payment
clauses and definitions.

Part of the model (:mod:`rulescore.model` re-exports every name); the types in the
annotations (``Meta``, ``DatedValue``) are the model's.
"""

from __future__ import annotations

import datetime as dt

import attrs

from rulescore.model_expressions import Span, _span_field


#: The statuses a scenario can state (``status …`` after its header).
SCENARIO_STATUSES = ("vastgesteld", "gepland", "optie", "verlaten")


@attrs.frozen
class ScenarioStatus:
    """``status gepland verwacht 1 januari 2029``: how far the scenario is from law."""

    word: str
    expected: dt.date | None = None
    span: Span = _span_field()

    def describe(self) -> str:
        return self.word + (f" (verwacht {self.expected.isoformat()})" if self.expected else "")


@attrs.frozen
class Binding:
    """``gebruikt begrip X volgens V`` (a regulation) or ``bind X volgens V voor R, …`` (a scenario)."""

    concept: str
    variant: str
    #: The regulations rebound (scenario); empty in a regulation header (itself).
    regulations: tuple[str, ...] = ()
    #: ``… vanaf 1 januari 2029`` (scenario): the day the binding starts; before it the
    #: regulations keep the variant they had. None: always.
    vanaf: dt.date | None = None
    span: Span = _span_field()


@attrs.frozen
class ParameterChange:
    """``wijzig parameter aow.bruto_ongehuwd …`` in a scenario: other values on their periods."""

    #: The qualified name of the parameter changed (``aow.bruto_ongehuwd``).
    target: str
    meta: Meta
    values: tuple[DatedValue, ...]
    span: Span = _span_field()

    @property
    def name(self) -> str:  # diagnostics about dated values name the item
        return self.target


@attrs.frozen
class PaymentChange:
    """``wijzig betaling zorgtoeslag.termijn betaald op dag 1 van de eerste maand`` in a
    scenario: another payment clause (in ``meta.betaling``) for a paid definition."""

    target: str
    meta: Meta
    span: Span = _span_field()

    @property
    def name(self) -> str:
        return self.target


@attrs.frozen
class Abolition:
    """``schaf huurtoeslag af vanaf 1 januari 2028`` in a scenario: every outcome of the
    regulation gives nothing from that day (always, without one), with the grounds; what
    other regulations read of it otherwise is named (dsl/abolition.py)."""

    target: str
    vanaf: dt.date | None
    meta: Meta
    span: Span = _span_field()

    @property
    def name(self) -> str:
        return self.target


@attrs.frozen
class DefinitionChange:
    """``wijzig definitie participatiewet.norm … = …`` in a scenario: a new body (or
    versions, laid over the definition's own on their periods) for an existing definition,
    with the grounds the change rests on."""

    target: str
    #: The type as restated (``wijzig definitie x: bedrag per maand``); None: not restated.
    type: TypeRef | None
    meta: Meta
    versions: tuple[Version, ...]
    #: True for a single ``= expr`` body: it replaces every version.
    unversioned: bool
    span: Span = _span_field()

    @property
    def name(self) -> str:
        return self.target


@attrs.frozen
class OptionRule:
    """``wijzig parameter P = …`` in an option: how P goes from ``oud`` to ``nieuw`` for a
    person, as a definition body (one expression, versions or regimes of overgangsrecht)."""

    target: str
    meta: Meta
    versions: tuple
    selector: object = None
    unversioned: bool = True
    span: Span = _span_field()


@attrs.frozen
class TransitionOption:
    """``optie eerbiedigend "Eerbiedigende werking" …``: one way into the reform."""

    name: str
    title: str
    meta: Meta
    rules: tuple[OptionRule, ...]
    span: Span = _span_field()


@attrs.frozen
class Reform:
    """``hervorming vanaf D`` and its options: the scenario's values from D are the reform,
    those before D complete current law for the comparison."""

    date: dt.date
    meta: Meta
    options: tuple[TransitionOption, ...]
    span: Span = _span_field()


@attrs.frozen
class CarryForward:
    """``waarden doorgetrokken tot D``: a parameter whose values end before D keeps its last
    value until D, with the clause's grounds as the value's assumption."""

    until: dt.date
    meta: Meta
    span: Span = _span_field()
