"""Value types of the rules language, with periods as physical dimensions.

An amount "per dag" has the dimension euro·dag⁻¹ and "21,75 dagen per maand" has
dag·maand⁻¹, so the Toeslagenwet's conversion is written as the law words it:
``dagbedrag * 21,75 dagen per maand`` = euro·dag⁻¹ × dag·maand⁻¹ = euro·maand⁻¹.
Adding or comparing values of different dimensions is a type error. This is what makes
"the checker rejects mixing periods without an explicit conversion" a plain rule of
dimensional analysis rather than a special case.
"""

from __future__ import annotations

from typing import Iterable

import attrs

#: The base units a number can carry. ``euro`` for amounts, the rest are periods.
BASE_UNITS = ("euro", "dag", "maand", "kwartaal", "jaar")

#: Dutch unit words (singular and plural) mapped to their base unit.
UNIT_WORDS = {
    "dag": "dag", "dagen": "dag",
    "maand": "maand", "maanden": "maand",
    "kwartaal": "kwartaal", "kwartalen": "kwartaal",
    "jaar": "jaar", "jaren": "jaar",
}


@attrs.frozen(order=True)
class Dimension:
    """A product of base units with integer exponents, e.g. euro·maand⁻¹."""

    #: Sorted pairs (unit, exponent), exponents non-zero.
    exponents: tuple[tuple[str, int], ...] = ()

    @classmethod
    def of(cls, pairs: Iterable[tuple[str, int]]) -> "Dimension":
        total: dict[str, int] = {}
        for unit, exp in pairs:
            total[unit] = total.get(unit, 0) + exp
        return cls(tuple(sorted((u, e) for u, e in total.items() if e)))

    def __mul__(self, other: "Dimension") -> "Dimension":
        return Dimension.of(self.exponents + other.exponents)

    def __truediv__(self, other: "Dimension") -> "Dimension":
        return Dimension.of(self.exponents + tuple((u, -e) for u, e in other.exponents))

    @property
    def is_dimensionless(self) -> bool:
        return not self.exponents

    def describe(self) -> str:
        """Dutch wording: ``bedrag per maand``, ``dagen per maand``, ``getal``."""
        d = dict(self.exponents)
        euro = d.pop("euro", 0)
        num = [u for u, e in d.items() if e > 0]
        den = [u for u, e in d.items() if e < 0]
        if euro == 1 and not num and len(den) <= 1 and all(d[u] == -1 for u in den):
            return "bedrag" + (f" per {den[0]}" if den else "")
        if euro == 0 and len(num) == 1 and len(den) == 1 and d[num[0]] == 1 and d[den[0]] == -1:
            return f"{num[0]} per {den[0]}"
        if not self.exponents:
            return "getal"
        parts = [f"{u}^{e}" if e != 1 else u for u, e in self.exponents]
        return "·".join(parts)


DIMENSIONLESS = Dimension()
EURO = Dimension.of([("euro", 1)])


@attrs.frozen
class Type:
    """The static type of an expression or declaration."""

    #: One of: getal, datum, duur, ja/nee, personen, persoon, adres, keuze, tekst.
    kind: str
    #: For ``getal``: its dimension (bedrag per jaar is euro·jaar⁻¹).
    dimension: Dimension = DIMENSIONLESS
    #: For ``getal``: how to show it (``bedrag``, ``percentage`` or ``getal``).
    display: str = "getal"
    #: For ``keuze``: the name of the enumeration.
    enum: str | None = None
    #: True for the literal 0, which fits any numeric dimension (``max(0, x)``).
    polymorphic_zero: bool = False

    @property
    def is_number(self) -> bool:
        return self.kind == "getal"

    def describe(self) -> str:
        if self.kind == "getal":
            if self.display == "percentage" and self.dimension.is_dimensionless:
                return "percentage"
            return self.dimension.describe()
        if self.kind == "keuze":
            return f"keuze {self.enum}"
        return self.kind

    def compatible(self, other: "Type") -> bool:
        """Whether values of the two types may be added or compared."""
        if "onbeslist" in (self.kind, other.kind):
            return True
        if self.kind != other.kind:
            return False
        if self.kind == "getal":
            return (self.dimension == other.dimension or self.polymorphic_zero
                    or other.polymorphic_zero)
        if self.kind == "keuze":
            return self.enum == other.enum or self.enum is None or other.enum is None
        return True


def number(dimension: Dimension = DIMENSIONLESS, display: str | None = None) -> Type:
    """A numeric type; ``display`` defaults to ``bedrag`` when the dimension has euro."""
    if display is None:
        display = "bedrag" if dict(dimension.exponents).get("euro") else "getal"
    return Type("getal", dimension, display)


def amount(per: str | None = None) -> Type:
    """``bedrag`` or ``bedrag per <period>``."""
    dim = EURO if per is None else EURO / Dimension.of([(per, 1)])
    return Type("getal", dim, "bedrag")


GETAL = number()
PERCENTAGE = Type("getal", DIMENSIONLESS, "percentage")
DATUM = Type("datum")
DUUR = Type("duur")
JANEE = Type("ja/nee")
PERSONEN = Type("personen")
PERSOON = Type("persoon")
ADRES = Type("adres")
TEKST = Type("tekst")
#: The type of ``onbeslist "…"``: it yields no value, so it fits wherever any type does.
ONBESLIST = Type("onbeslist")


def from_declaration(base: str, per: str | None, enum: str | None = None) -> Type:
    """The type named in a declaration (``bedrag per maand``, ``percentage``, ``soort``)."""
    if enum is not None:
        return Type("keuze", enum=enum)
    if base == "bedrag":
        return amount(UNIT_WORDS[per] if per else None)
    if base == "getal":
        return number(Dimension.of([(UNIT_WORDS[per], -1)]) if per else DIMENSIONLESS)
    if base == "percentage":
        return PERCENTAGE
    return {"datum": DATUM, "duur": DUUR, "ja/nee": JANEE, "personen": PERSONEN,
            "persoon": PERSOON, "adres": ADRES}[base]
