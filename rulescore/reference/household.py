"""A result into the household view: every outcome per month, per person and per dwelling.

Knows no law. Which outcomes add up to the net disposable income is stated in the rules
(``besteedbaar_inkomen.besteedbaar_inkomen``, where a joint entitlement counts once); this
module only converts periods to months and sums persons who share a woonadres.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from rulescore import types as t
from rulescore.reference.context import round_value
from rulescore.exact import is_number, to_fraction
from rulescore.values import exact_text, format_value, json_value

#: The output that states the net disposable income per person (if that regulation is loaded).
NET_DISPOSABLE = "besteedbaar_inkomen.besteedbaar_inkomen"

#: Months per period; amounts per day have no calendar month (a law says how many days).
_MONTHS = {"maand": Fraction(1), "kwartaal": Fraction(3), "jaar": Fraction(12)}
PER_MONTH = t.amount("maand")


def per_month(value, typ: t.Type) -> Fraction | None:
    """An amount per maand, kwartaal or jaar as an amount per month; otherwise None."""
    if not is_number(value) or typ.display != "bedrag":
        return None
    per = [u for u, e in typ.dimension.exponents if u != "euro" and e == -1]
    if len(per) != 1 or per[0] not in _MONTHS:
        return None
    return to_fraction(value) / _MONTHS[per[0]]


def households(result) -> dict[str, Any]:
    """Persons grouped by woonadres, with their net disposable income per month and the sum."""
    situation = result.situation
    groups: dict[str, list[str]] = {}
    for pid in situation.person_ids:
        groups.setdefault(str(situation.persons[pid].get("woonadres", "?")), []).append(pid)
    out: dict[str, Any] = {}
    for address, members in sorted(groups.items()):
        entry: dict[str, Any] = {"personen": members}
        if (NET_DISPOSABLE, members[0]) in result.values:
            each = {p: to_fraction(result.values[(NET_DISPOSABLE, p)]) for p in members}
            total = sum(each.values(), Fraction(0))
            entry["besteedbaar_inkomen_per_maand"] = {
                "waarde": exact_text(total), "weergave": format_value(round_cents(total), PER_MONTH),
                "per_persoon": {p: json_value(v) for p, v in each.items()}}
        out[address] = entry
    return out


def round_cents(value: Fraction) -> Fraction:
    """Half away from zero to whole cents (as ``afgerond op centen``), for display."""
    return round_value(value, "centen", "half_up")
