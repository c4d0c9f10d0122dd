"""A situation and what its persons receive into the outcomes they are probably entitled to
but do not receive: the estimated amount, why, and the self-reported facts it rests on.

``rulescore scan situatie.json`` (docs/scan.rst). Only outcomes a person's ``ontvangt``
names are compared (:mod:`rulescore.received_json`): one stated ``"nee"`` (or € 0) whose
computed value is more than € 0 or ``ja``, and one stated as an amount clearly below the
computed one — below :data:`CLEARLY_BELOW` of it — is a finding. The amount compared is
per month for an outcome per maand, kwartaal or jaar, the amount itself otherwise. *Why*
is the ``waarom`` walk (:mod:`rulescore.reference.why`); the facts it rests on are the
inputs in the outcome's explanation graph that the rules mark ``zelf opgegeven``.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Any

import attrs

from rulescore import types as t
from rulescore.exact import is_number, to_fraction
from rulescore.program import Program
from rulescore.reference.explanation import explain_all
from rulescore.reference.household import PER_MONTH, per_month
from rulescore.reference.results import evaluate, provenance
from rulescore.reference.why import Why, why
from rulescore.situation import Situation
from rulescore.values import exact_text, shown

#: A stated amount below this share of the computed one is "clearly below" it: a
#: difference of up to 10% is left to rounding, timing and what the scan cannot see.
CLEARLY_BELOW = Fraction(9, 10)
_EURO = t.amount()


@attrs.frozen
class Fact:
    """A self-reported input the outcome used: its value for an owner, and its grounds."""

    input: str
    owner: str
    value: str
    citation: str | None
    stated: bool

    def to_dict(self) -> dict[str, Any]:
        out = {"invoer": self.input, "van": self.owner, "waarde": self.value,
               "opgegeven": self.stated}
        if self.citation:
            out["bron"] = self.citation
        return out


@attrs.frozen
class Finding:
    """One outcome a person probably has a right to but does not (fully) receive."""

    person: str
    outcome: str
    law: str
    #: The computed value as shown, and per month (or the amount itself) exactly.
    computed: str
    computed_compared: Fraction | bool
    received: Fraction | bool
    #: Whether the compared amounts are per month (else the outcome has no period).
    monthly: bool
    why: Why
    facts: tuple[Fact, ...]
    joint_with: tuple[str, ...] = ()

    @property
    def shortfall(self) -> Fraction | None:
        """The computed amount minus the received one (per month where it is periodic)."""
        if isinstance(self.computed_compared, bool):
            return None
        received = Fraction(0) if self.received is False else self.received
        return self.computed_compared - received

    def received_text(self) -> str:
        if isinstance(self.received, bool):
            return "ja" if self.received else "nee"
        return _amount(self.received, self.monthly)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "persoon": self.person, "uitkomst": self.outcome, "regeling": self.law,
            "berekend": self.computed, "ontvangt": self.received_text(),
            "waarom": [s.to_dict() for s in self.why.steps],
            "zelf_opgegeven": [f.to_dict() for f in self.facts]}
        if (gap := self.shortfall) is not None:
            out["vergeleken"] = "per maand" if self.monthly else "bedrag"
            out["berekend_vergeleken"] = exact_text(to_fraction(self.computed_compared))
            out["verschil"] = exact_text(gap)
            out["verschil_weergave"] = _amount(gap, self.monthly)
        if self.joint_with:
            out["gezamenlijk_met"] = list(self.joint_with)
        return out

    def render(self) -> str:
        lines = [f"{self.person}: {self.outcome} ({self.law})"]
        computed = self.computed
        if self.monthly and not isinstance(self.computed_compared, bool) \
                and "per maand" not in computed:
            computed += f" ({_amount(self.computed_compared, True)})"
        lines.append(f"  berekend {computed}; ontvangt {self.received_text()}"
                     + (f"; verschil {_amount(self.shortfall, self.monthly)}"
                        if self.shortfall is not None and self.received is not False else ""))
        if self.joint_with:
            lines.append(f"  één gezamenlijke aanspraak met {', '.join(self.joint_with)}")
        if self.why.steps:
            lines.append("  waarom:")
            lines += ["    " + line for s in self.why.steps for line in s.line().split("\n")]
        if self.facts:
            lines.append("  berust op zelf opgegeven gegevens (niet uit een registratie):")
            for f in self.facts:
                how = "" if f.stated else ", standaardwaarde"
                cite = f"; {f.citation}" if f.citation else ""
                lines.append(f"    {f.input} [{f.owner}] = {f.value}{how}{cite}")
        else:
            lines.append("  berust niet op gegevens die de regels als zelf opgegeven merken")
        return "\n".join(lines)


@attrs.frozen
class Scan:
    """The findings of a situation on a date, and what could not be compared."""

    date: dt.date
    findings: tuple[Finding, ...]
    #: person → outcomes computed above € 0 (or ja) that the person's ``ontvangt`` omits
    not_stated: dict[str, tuple[str, ...]]
    provenance: dict
    #: how many claims (stated outcomes above € 0) were compared
    compared: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"peildatum": self.date.isoformat(),
                "gevonden": [f.to_dict() for f in self.findings],
                "niet_opgegeven": {p: list(o) for p, o in self.not_stated.items()},
                "aantal_vergeleken": self.compared, "herkomst": self.provenance}

    def render(self) -> str:
        n = len(self.findings)
        head = ("geen recht gevonden dat niet ontvangen wordt" if n == 0 else
                "1 waarschijnlijk recht dat niet (volledig) ontvangen wordt" if n == 1 else
                f"{n} waarschijnlijke rechten die niet (volledig) ontvangen worden")
        lines = [f"scan op {self.date.isoformat()}: {head}"]
        if not self.compared:
            lines.append("niets vergeleken: geen persoon noemt in 'ontvangt' een uitkomst die "
                         "boven € 0 uitkomt (docs/scan.rst)")
        for f in self.findings:
            lines += ["", f.render()]
        if self.not_stated:
            lines += ["", "berekend maar niet vergeleken (niet in 'ontvangt'):"]
            lines += [f"  {p}: {', '.join(o)}" for p, o in self.not_stated.items()]
        return "\n".join(lines)


def scan(program: Program, situation: Situation, date: dt.date | None = None,
         depth: int = 2) -> Scan:
    """Every stated outcome a person probably has a right to but does not (fully) receive.

    A joint entitlement (``gezamenlijk met``) is one claim of its persons: judged once, on
    what any of them states to receive of it (:func:`_stated`)."""
    result = evaluate(program, situation, date, trace=True)
    names = _law_names(program)
    findings, not_stated, judged = [], {}, set()
    for person in result.situation.person_ids:
        omitted = []
        for outcome in sorted(program.outputs):
            value = result.values.get((outcome, person))
            if value is None:
                continue
            typ = program.symbols[outcome].type
            compared = _compared(value, typ)
            if compared is None or compared is False or compared == 0:
                continue
            joint = result.joint_with(outcome, person)
            claim = (outcome, frozenset((person, *joint)))
            if claim in judged:
                continue
            received = _stated(situation, outcome, (person, *joint))
            if received is None:
                omitted.append(outcome)
                continue
            judged.add(claim)
            if not _missed(compared, received):
                continue
            findings.append(Finding(
                person, outcome, names.get(program.symbols[outcome].regulation, outcome),
                shown(value, typ), compared, received, per_month(value, typ) is not None,
                why(program, situation, outcome, person, result.date, depth),
                _self_reported(program, result, outcome, person), joint))
        if omitted:
            not_stated[person] = tuple(omitted)
    for person, outcomes in list(not_stated.items()):  # (stated by a joint claimant later)
        left = tuple(o for o in outcomes if not any(
            c[0] == o and person in c[1] for c in judged))
        if left:
            not_stated[person] = left
        else:
            del not_stated[person]
    return Scan(result.date, tuple(findings), not_stated,
                provenance(program, {"peildatum": result.date.isoformat()}), len(judged))


def _stated(situation: Situation, outcome: str, persons) -> Fraction | bool | None:
    """What the persons of one claim state to receive of ``outcome``: ``ja`` if any says
    so, else the largest amount stated, else ``nee``; None when none of them states it."""
    said = [situation.received.get(p, {}).get(outcome) for p in persons]
    said = [x for x in said if x is not None]
    if not said:
        return None
    if any(x is True for x in said):  # (not "True in said": Fraction(1) == True)
        return True
    amounts = [x for x in said if x is not False]
    return max(amounts) if amounts else False


def _compared(value, typ) -> Fraction | bool | None:
    """What is compared: True/False for ja/nee, the amount per month (or itself)."""
    if isinstance(value, bool):
        return value
    if not is_number(value):
        return None
    monthly = per_month(value, typ)
    return monthly if monthly is not None else to_fraction(value)


def _missed(computed: Fraction | bool, received: Fraction | bool) -> bool:
    """Whether a person entitled to ``computed`` does not (fully) receive it."""
    if received is True:  # receives it; the amount is not stated
        return False
    if received is False:
        return True
    if isinstance(computed, bool):  # a ja/nee outcome stated as an amount: > 0 is receiving
        return received == 0
    return received < CLEARLY_BELOW * computed


def _self_reported(program: Program, result, outcome: str, person: str) -> tuple[Fact, ...]:
    """The ``zelf opgegeven`` inputs in the explanation graph of ``outcome`` for ``person``."""
    graph = explain_all(result.context, [(outcome, person)])
    facts = []
    for nid in graph.reachable():
        node = graph.nodes[nid]
        sym = program.symbols.get(node.name)
        if node.kind != "invoer" or sym is None or not getattr(sym.decl, "self_reported", False):
            continue
        facts.append(Fact(node.name, node.person or "", node.value, node.citation,
                          node.version == "invoer"))
    return tuple(sorted(set(facts), key=lambda f: (f.input, f.owner)))


def _law_names(program: Program) -> dict[str, str]:
    """Regulation name → its title (``Wet op de zorgtoeslag``)."""
    return {n: r.title or n for n, r in program.regulations.items()}


def _amount(x: Fraction, monthly: bool) -> str:
    return shown(x, PER_MONTH) if monthly else shown(x, _EURO)

