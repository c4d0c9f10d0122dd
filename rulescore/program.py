"""The checked, linked rule set: symbols, resolved names, types and dependency order.

Only :func:`rulescore.dsl.checker.check` builds a :class:`Program`; evaluation accepts
nothing else, so an unchecked model can never be evaluated.
"""

from __future__ import annotations

import hashlib
from typing import Callable

import attrs

from rulescore import model as m
from rulescore.types import Type


@attrs.frozen
class Symbol:
    """A named thing a rule can refer to, with its resolved type."""

    #: ``regeling.naam`` for definitions, parameters and tables; the bare name for inputs.
    qualname: str
    #: ``definitie``, ``parameter``, ``tabel``, ``invoer``, ``relatie`` or ``keuze``.
    kind: str
    type: Type
    regulation: str
    decl: object = attrs.field(eq=False, repr=False)


@attrs.frozen
class Resolution:
    """What a name or call in an expression refers to, decided by the checker."""

    #: ``symbol``, ``var``, ``attr``, ``builtin``, ``function``, ``relation``,
    #: ``relfact`` or ``enumvalue``.
    kind: str
    #: The symbol's qualname, the variable, or the function name.
    target: str
    #: For ``attr``: the bound variable the attribute is taken of.
    var: str | None = None


@attrs.frozen
class PluginFunction:
    """A pure Python function a plugin offers to the rules (``register_functions``)."""

    name: str
    func: Callable
    #: Argument types and result type, as the checker must know them.
    arg_types: tuple[Type, ...]
    result: Type
    plugin: str = ""


@attrs.define
class Program:
    """A checked rule set, ready for evaluation."""

    regulations: dict[str, m.Regulation]
    symbols: dict[str, Symbol]
    #: id(expression node) → Resolution, for every Ref and Call.
    resolutions: dict[int, Resolution]
    #: id(expression node) → Type, for every expression.
    types: dict[int, Type]
    functions: dict[str, PluginFunction]
    #: Output definitions (``uitkomst``), ordered by regulation then declaration.
    outputs: tuple[str, ...]
    #: qualname → qualnames it depends on directly.
    dependencies: dict[str, tuple[str, ...]]
    #: (regulation, concept) → the variant that regulation uses (after any scenario).
    bindings: dict = attrs.field(factory=dict)
    #: The scenario the program was checked with, if any.
    scenario: str | None = None
    #: Definition qualname → its tijdvak (``maand``, ``kwartaal``, ``jaar``), or None when
    #: it follows its reader (a shared concept, or a regulation without one).
    tijdvakken: dict[str, str | None] = attrs.field(factory=dict)
    #: The definitions and inputs some ``waarbij`` gives another value (the evaluators
    #: read these through the current world, docs/language.rst "Waarbij").
    substituted: frozenset = attrs.field(factory=frozenset)
    #: ids of the Refs to an input that a rule reads as known on the day it reads it
    #: (``feit x telt vanaf het besluit``, docs/time.rst)
    known_reads: frozenset = attrs.field(factory=frozenset)
    #: Warnings of loading, shown by every command: a plugin whose rules could not be read
    #: and was left out (RS006, :func:`rulescore.plugins.load_program`)
    warnings: tuple = attrs.field(default=(), eq=False)
    #: the names of those plugins (every result names them)
    left_out: tuple = attrs.field(default=(), eq=False)
    #: The compiled closures, made on first evaluation (see
    #: :func:`rulescore.reference.results.compiled`).
    compiled: object = attrs.field(default=None, init=False, repr=False, eq=False)
    #: The hashes below, computed on first use (the rules do not change once checked).
    _hashes: dict = attrs.field(factory=dict, init=False, repr=False, eq=False)

    def joint_with(self, qualname: str):
        """The expression of the persons a definition is a joint entitlement with
        (``gezamenlijk met awir.toeslagpartners``), or None."""
        decl = self.symbols[qualname].decl
        meta = getattr(decl, "meta", None)
        return meta.gezamenlijk if meta is not None else None

    def variants(self, concept: str) -> dict[str, str]:
        """Variant name → the qualname of its definition (``partner/awir``)."""
        prefix = f"{concept}/"
        return {q[len(prefix):]: q for q, s in self.symbols.items()
                if s.kind == "definitie" and q.startswith(prefix)}

    def concepts(self) -> dict[str, Symbol]:
        return {q: s for q, s in self.symbols.items() if s.kind == "begrip"}

    @property
    def ruleset_hash(self) -> str:
        """A stable hash of every rules text, independent of load order."""
        if "regelset" not in self._hashes:
            self._hashes["regelset"] = self._ruleset_hash()
        return self._hashes["regelset"]

    def _ruleset_hash(self) -> str:
        h = hashlib.sha256()
        for name in sorted(self.regulations):
            h.update(name.encode())
            h.update(b"\0")
            h.update(self.regulations[name].source.encode())
            h.update(b"\0")
        for name in sorted(self.functions):
            h.update(f"fn:{name}:{self.functions[name].plugin}".encode())
        return h.hexdigest()[:16]

    @property
    def scenario_hash(self) -> str | None:
        """A hash of the scenario text the program was checked with (``None`` without one).

        The :attr:`ruleset_hash` covers it too; this one tells scenarios apart on their own."""
        if self.scenario is None:
            return None
        if "scenario" not in self._hashes:
            source = self.regulations[self.scenario].source
            self._hashes["scenario"] = hashlib.sha256(source.encode()).hexdigest()[:16]
        return self._hashes["scenario"]

    @property
    def changed_parameters(self) -> tuple[str, ...]:
        """The parameters the scenario gives other values (``wijzig parameter``), sorted."""
        if self.scenario is None:
            return ()
        return tuple(sorted(c.target for c in self.regulations[self.scenario].changes))

    def inputs(self) -> dict[str, Symbol]:
        return {k: s for k, s in self.symbols.items() if s.kind == "invoer"}

    def relations(self) -> dict[str, Symbol]:
        return {k: s for k, s in self.symbols.items() if s.kind == "relatie"}

    def symbol(self, name: str) -> Symbol:
        return self.symbols[name]

    def regulation_of(self, qualname: str) -> m.Regulation:
        return self.regulations[self.symbols[qualname].regulation]

    def context_of(self, qualname: str) -> str:
        """``Wet op de zorgtoeslag › artikel 2 lid 1`` for a symbol."""
        sym = self.symbols[qualname]
        reg = self.regulations[sym.regulation]
        meta = getattr(sym.decl, "meta", None)
        if meta and meta.citations:
            return f"{reg.title} › {meta.citations[0].describe(reg.bwb)}"
        return reg.title


def resolved(program: "Program", node):
    """Every resolution the checker made inside an expression (or a tuple of them), in no
    particular order: what its Refs, attribute reads and calls name."""
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, (tuple, list)):
            stack.extend(item)
            continue
        if not attrs.has(type(item)):
            continue
        res = program.resolutions.get(id(item))
        if res is not None:
            yield res
        stack.extend(getattr(item, a.name) for a in attrs.fields(type(item)))
