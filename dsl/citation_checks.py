"""Checked regulations into warnings for every declaration that says not where it comes from.

A drafter cites the law on every rule (``bron artikel …``). A declaration that rests on no
article — a convention such as a person's age in whole years — says so with a named
``aanname``, so the reader sees it is a reading, not the statute. Everything else is RS299:
a warning by default (``rulescore check`` and the editor show it), an error under
``rulescore check --streng``. Every bundled regulation passes ``--streng`` (tested).

What needs grounds: definitions and outcomes (on the declaration or on each version),
parameters, tables, inputs, relations and variants. A ``begrip`` has no body of its own (its
variants carry the citations) and a ``keuze`` only lists values; neither is checked.
"""

from __future__ import annotations

from typing import Iterable

from rulescore import model as m
from rulescore.errors import Diagnostic

#: The declarations that need a ``bron`` or an ``aanname``, with the word the drafter wrote.
_KINDS = ((m.Definition, None), (m.Parameter, "parameter"), (m.Table, "tabel"),
          (m.Input, "invoer"), (m.Relation, "relatie"), (m.Variant, "variant"))


def grounded(meta: m.Meta) -> bool:
    """Whether a declaration or change states what it rests on: a ``bron`` or an ``aanname``."""
    return bool(meta.citations or meta.aannames)


def ungrounded(subject: str, shows: str | None = None, **where) -> Diagnostic:
    """RS273: ``subject`` (``de wijziging van 'x'``) states no ``bron`` or ``aanname``;
    ``shows``: what the explanation of every amount that uses it would show it on."""
    hint = "voeg 'bron artikel …' of 'aanname \"…\"' toe" + (
        f"; de uitleg van elk bedrag dat {shows} toont die" if shows else "")
    return Diagnostic("RS273", f"{subject} zegt niet waarop zij berust", hint=hint, **where)


def _has_grounds(item) -> bool:
    if grounded(item.meta):
        return True
    if isinstance(item, m.Definition):  # each version may carry its own citation
        return bool(item.versions) and all(grounded(v.meta) for v in item.versions)
    return False


def _word(item, word: str | None) -> str:
    if word is not None:
        return word
    return "uitkomst" if item.output else "definitie"


def uncited(regulations: Iterable[m.Regulation]) -> list[Diagnostic]:
    """RS299 for every declaration in ``regulations`` with neither a ``bron`` nor an
    ``aanname`` (on itself or, for a definition, on every version)."""
    found = []
    for reg in regulations:
        for item in reg.items:
            word = next((w for cls, w in _KINDS if isinstance(item, cls)), False)
            if word is False or _has_grounds(item):
                continue
            name = (f"{item.name} van {item.concept}" if isinstance(item, m.Variant)
                    else item.name)
            found.append(Diagnostic(
                "RS299", f"{_word(item, word)} '{name}' zegt niet waarop zij berust",
                span=item.span, context=reg.title, level="waarschuwing",
                hint="voeg 'bron artikel …' toe (het artikel dat de regel geeft), of "
                     "'aanname \"…\"' als geen artikel het zegt"))
    return found
