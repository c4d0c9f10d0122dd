"""Groups and terms of a decomposition into the Dutch labels tables and charts show.

The labels are read from the rules, not from a list: a term is a definition, an input or
a rounding, and its label is the identifier as the statute words it, with spaces
(``inkomstenbelasting.algemene_heffingskorting`` → ``algemene heffingskorting``); a
group is a regulation (``kindgebonden_budget`` → ``kindgebonden budget``), or the gross
wage (``bruto loon``). A term of another regulation inside a group (the netto inkomen
the bijstand takes into account) names where it comes from, an input (another person's
income, a rent) says it is one, and a rounding says so.
"""

from __future__ import annotations

from rulescore.analysis.terms import EARNINGS_GROUP

ROUNDING = " (afronding)"


def words(identifier: str) -> str:
    """``algemene_heffingskorting`` → ``algemene heffingskorting``."""
    return identifier.replace("_", " ")


def group_label(group: str) -> str:
    """The label of a group: its regulation's name in words, or ``bruto loon``."""
    return "bruto loon" if group == EARNINGS_GROUP else words(group)


def term_label(group: str, label: str) -> str:
    """The label of a term ``label`` (a qualified definition or an input) in ``group``."""
    rounding = label.endswith(ROUNDING)
    qual = label.removesuffix(ROUNDING)
    regulation, _, name = qual.rpartition(".")
    text = words(name)
    if rounding:
        text = f"afronding {text}"
    if regulation and regulation != group:
        text = f"{text} (uit {words(regulation)})"
    elif not regulation and group != EARNINGS_GROUP:
        text = f"{text} (invoer)"
    return text


def full_label(group: str, label: str) -> str:
    """``inkomstenbelasting: algemene heffingskorting`` — unique over a whole analysis."""
    return f"{group_label(group)}: {term_label(group, label)}"
