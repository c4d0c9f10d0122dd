"""Names a user typed (a definition, a person) into what they name, or a located diagnostic.

The command line, the web service and the page ask for the same things by name; each
place that reads such a name says where it came from (``NAAM``, ``--persoon``, ``?naam``)
and gets the same diagnostic with the same suggestion.
"""

from __future__ import annotations

from rulescore.errors import Diagnostic, RulesError, suggest


def definition(program, name: str, where: str):
    """The symbol of definition ``name`` (``regeling.definitie``); RS330 otherwise."""
    sym = program.symbols.get(name)
    if sym is None or sym.kind != "definitie":
        defs = [q for q, s in program.symbols.items() if s.kind == "definitie"]
        raise RulesError((Diagnostic("RS330", f"onbekende definitie '{name}'", path=where,
                                     hint=suggest(name, defs) or "schrijf regeling.definitie"),))
    return sym


def person(situation, name: str, where: str) -> str:
    """``name`` when the situation has that person; RS331 with the nearest name otherwise."""
    if name not in situation.persons:
        raise RulesError((Diagnostic("RS331", f"onbekende persoon '{name}'", path=where,
                                     hint=suggest(name, situation.persons)
                                     or "kies uit: " + ", ".join(situation.person_ids)),))
    return name
