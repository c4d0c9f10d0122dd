"""An evaluated situation into a result document: outcomes per person, versions, provenance."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import attrs

from rulescore.program import Program
from rulescore.reference.context import Context
from rulescore.reference.evaluation import CompiledProgram, evaluate_outputs
from rulescore.reference.household import PER_MONTH, households, per_month
from rulescore.situation import Situation
from rulescore.values import exact_text, format_value, json_value, shown
from rulescore.version import __version__


@attrs.frozen
class Result:
    """The outcomes of every ``uitkomst`` for every person, with where they came from."""

    program: Program = attrs.field(repr=False)
    situation: Situation = attrs.field(repr=False)
    date: dt.date
    #: (qualname, person) → exact value
    values: dict
    context: Context = attrs.field(repr=False, eq=False)
    _joint: dict = attrs.field(factory=dict, init=False, repr=False, eq=False)

    def value(self, qualname: str, person: str):
        return self.values[(qualname, person)]

    def joint_with(self, qualname: str, person: str) -> tuple[str, ...]:
        """The others ``person``'s value of ``qualname`` is one joint entitlement with
        (``gezamenlijk met partner``): empty when it is his alone."""
        expr = self.program.joint_with(qualname)
        if expr is None:
            return ()
        from rulescore.reference.compiler import compile_expr
        from rulescore.reference.context import NO_VARS

        fn = self._joint.get(qualname)
        if fn is None:  # once per outcome, not per person
            fn = self._joint[qualname] = compile_expr(expr, self.program)
        return tuple(sorted(fn(self.context, person, NO_VARS)))

    def to_dict(self) -> dict[str, Any]:
        persons: dict[str, Any] = {}
        for (qual, person), value in sorted(self.values.items(), key=lambda kv: (kv[0][1], kv[0][0])):
            sym = self.program.symbols[qual]
            entry = {"waarde": json_value(value), "weergave": shown(value, sym.type),
                     "type": sym.type.describe()}
            monthly = per_month(value, sym.type)
            if monthly is not None:
                entry["per_maand"] = exact_text(monthly)
                entry["per_maand_weergave"] = shown(monthly, PER_MONTH)
            joint = self.joint_with(qual, person)
            if joint:
                entry["gezamenlijk_met"] = list(joint)
            vi = self.context.versions.get((qual, person))
            if vi is not None:
                v = sym.decl.versions[vi]
                entry["versie"] = {"vanaf": v.vanaf.isoformat() if v.vanaf else None,
                                   "tot": v.tot.isoformat() if v.tot else None}
            persons.setdefault(person, {}).setdefault(sym.regulation, {})[qual] = entry
        return {
            "peildatum": self.date.isoformat(),
            "personen": persons,
            "standaardwaarden": used_defaults(self.program, self.context),
            "huishoudens": households(self),
            "herkomst": provenance(self.program, {"peildatum": self.date.isoformat()}),
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def provenance(program: Program, when: dict) -> dict:
    """Where a result came from: rulescore's version, the rule set's hash, the regulations,
    the scenario and its changes, the concept bindings, and the date or range evaluated."""
    return {"rulescore": __version__, "regelset": program.ruleset_hash,
            "regelingen": sorted(n for n, r in program.regulations.items() if not r.is_scenario),
            "scenario": program.scenario, "scenario_hash": program.scenario_hash,
            **({"scenario_status": _status(program)} if program.scenario else {}),
            "gewijzigde_parameters": list(program.changed_parameters),
            "begrippen": _bindings(program), **when,
            **({"niet_geladen_plugins": list(program.left_out)} if program.left_out else {})}


def _status(program: Program) -> dict | None:
    """The scenario's stated status (``status gepland verwacht …``), or None."""
    status = program.regulations[program.scenario].status
    return None if status is None else {
        "status": status.word, "verwacht": status.expected.isoformat()
        if status.expected else None, "weergave": status.describe()}


def used_defaults(program: Program, ctx: Context) -> dict:
    """Every default the evaluation read, per person (dwelling, ``a~b`` for a relation) and
    input: its value and its grounds (the article that provides it, or the assumption)."""
    out: dict = {}
    for _, name, owner in sorted(ctx.defaults):
        sym = program.symbols[name]
        decl, reg = sym.decl, program.regulations[sym.regulation]
        grounds = [c.describe(reg.bwb) for c in decl.default_meta.citations]
        grounds += [f"aanname: {a}" for a in decl.default_meta.aannames]
        out.setdefault(owner, {})[name] = {
            "waarde": json_value(decl.default.value),
            "weergave": format_value(decl.default.value, sym.type),
            "grond": grounds}
    return out


def _bindings(program: Program) -> dict[str, dict[str, str]]:
    """Which concept variant each regulation used: ``{"zorgtoeslag": {"partner": "awir"}}``."""
    out: dict[str, dict[str, str]] = {}
    for (reg, concept), variant in sorted(program.bindings.items()):
        out.setdefault(reg, {})[concept] = variant
    return out


def compiled(program: Program) -> CompiledProgram:
    """The program's closures, compiled once and kept with the Program (freed with it)."""
    if program.compiled is None:
        program.compiled = CompiledProgram.compile(program)
    return program.compiled


def evaluate(program: Program, situation: Situation, date: dt.date | None = None,
             outputs=None, trace: bool = False) -> Result:
    """Evaluate every output (or the given ones) for every person in the situation; a
    dated situation as its snapshot on the date (``situation.at(date)``), which the
    result holds."""
    cp = compiled(program)
    ctx = cp.context(situation, date, trace=trace)
    values = evaluate_outputs(cp, ctx, outputs)
    return Result(program, ctx.situation, ctx.date, values, ctx)
