"""A concept into one scenario per variant, each binding every regulation that uses the
concept to that variant: the population version of ``rulescore concepts``.

The scenarios are written in the rules language (``bind partner volgens awir voor aow,
participatiewet, …``) and checked like any scenario file. A variant that cannot stand in
every regulation (``partner/aow`` is monthly, the huurtoeslag reads its partner per year:
RS500) is no harmonisation the rules allow as written: it is returned with the checker's
diagnostics instead of a program, and the report says so.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from rulescore.program import Program


def users(program: Program, concept: str) -> list[str]:
    """The regulations that bind ``concept`` to a variant, sorted."""
    return sorted(reg for (reg, c) in program.bindings if c == concept)


def variants(program: Program, concept: str) -> list[str]:
    """The concept's declared variants (not a scenario's switching definitions)."""
    return sorted(v for v, q in program.variants(concept).items()
                  if program.symbols[q].regulation in program.regulations
                  and not program.regulations[program.symbols[q].regulation].is_scenario)


def scenario_text(program: Program, concept: str, variant: str) -> str:
    """The scenario that binds every user of ``concept`` to ``variant``."""
    regs = ", ".join(users(program, concept))
    return (f'scenario harmonisatie_{concept}_{variant} "Elke regeling gebruikt begrip '
            f'{concept} volgens {variant}"\nstatus optie\n'
            f"bind {concept} volgens {variant} voor {regs}\n")


def file_name(concept: str, variant: str) -> str:
    return f"harmonisatie_{concept}_{variant}.scenario"


def programs(program: Program, concept: str) -> tuple[dict[str, Program], dict[str, list]]:
    """(variant → the checked program of its harmonisation scenario, variant → why it
    does not check: its diagnostics as ``{"code", "melding", "plaats"}``)."""
    from rulescore.errors import RulesError
    from rulescore.plugins import load_program

    out, refused = {}, {}
    with tempfile.TemporaryDirectory() as tmp:
        for variant in variants(program, concept):
            path = Path(tmp) / file_name(concept, variant)
            path.write_text(scenario_text(program, concept, variant), encoding="utf-8")
            try:
                out[variant] = load_program(scenario=path)
            except RulesError as exc:
                refused[variant] = [{"code": d.code, "melding": d.message,
                                     "plaats": str(d.span) if d.span else d.path}
                                    for d in exc.diagnostics]
    return out, refused
