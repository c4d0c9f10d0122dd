"""A person's ``ontvangt`` object (what he receives now) into validated received values.

``"ontvangt": {"zorgtoeslag.zorgtoeslag": "nee", "participatiewet.algemene_bijstand":
"1.200,00"}``: per outcome (an ``uitkomst``, by its qualified name) ``"nee"`` (receives
nothing), ``"ja"`` (receives it, amount not stated) or the amount received — per month for
an outcome per maand, kwartaal or jaar (what is paid each month), the amount itself for an
outcome without a period. ``rulescore scan`` compares them with the computed outcomes
(docs/scan.rst). Problems are reported with their JSON path: RS355 (not an outcome),
RS356 (not a received value).
"""

from __future__ import annotations

import json
from fractions import Fraction

from rulescore.errors import suggest

#: The words a received value may be instead of an amount.
WORDS = ("ja", "nee")

_HINT = 'een bedrag per maand (bijv. "154,00" of 154), "nee" (ontvangt niets) of "ja"'


def load_received(loader, persons_raw: dict) -> dict[str, dict[str, Fraction | bool]]:
    """Person id → what his ``ontvangt`` states (only persons that have one)."""
    return {pid: received(loader, raw["ontvangt"], f"$.personen.{pid}.ontvangt")
            for pid, raw in persons_raw.items() if isinstance(raw, dict) and "ontvangt" in raw}


def received(loader, raw, path: str) -> dict[str, Fraction | bool]:
    """The ``ontvangt`` object at ``path``: outcome → amount (Fraction, per month for a
    periodic outcome), True ("ja") or False ("nee"); problems into ``loader.err``."""
    if not isinstance(raw, dict):
        loader.err("RS356", "'ontvangt' is een object: per uitkomst wat de persoon nu "
                   "ontvangt", path, 'bijv. "ontvangt": {"zorgtoeslag.zorgtoeslag": "nee"}')
        return {}
    outputs = loader.program.outputs
    out: dict[str, Fraction | bool] = {}
    for name, value in raw.items():
        where = f"{path}[{json.dumps(name, ensure_ascii=False)}]"  # (a name has a dot)
        if name not in outputs:
            loader.err("RS355", f"'{name}' is geen uitkomst", where,
                       suggest(name, outputs) or _by_short_name(name, outputs)
                       or "schrijf regeling.uitkomst, bijv. zorgtoeslag.zorgtoeslag")
            continue
        if value in WORDS or isinstance(value, bool):
            out[name] = value if isinstance(value, bool) else value == "ja"
            continue
        if isinstance(value, (list, dict)) or value is None:
            loader.err("RS356", f"'ontvangt' van '{name}' is een bedrag, \"ja\" of \"nee\"",
                       where, _HINT)
            continue
        amount = loader.value(value, _AMOUNT, where)
        if amount is None:
            continue
        if amount < 0:
            loader.err("RS356", f"een ontvangen bedrag kan niet negatief zijn ({name})",
                       where, _HINT)
            continue
        out[name] = amount
    return out


def _by_short_name(name: str, outputs) -> str | None:
    """The qualified outcomes whose own name is ``name`` (``zorgtoeslag`` alone)."""
    found = sorted(q for q in outputs if q.rsplit(".", 1)[-1] == name)
    return f"bedoelde u {' of '.join(repr(q) for q in found)}?" if found else None


class _Amount:
    """The type a received amount is read as (a number; its name in a message)."""

    kind = "getal"

    @staticmethod
    def describe() -> str:
        return "een bedrag, \"ja\" of \"nee\""


_AMOUNT = _Amount()

