"""A dated table declaration and key values into the matching row's value."""

from __future__ import annotations

from rulescore import model as m
from rulescore.exact import exact
from rulescore.evaluation import MISSING, EvaluationError, dated_on
from rulescore.program import Symbol


def matches(pattern: m.KeyPattern, key) -> bool:
    if pattern.kind == "overig":
        return True
    if pattern.kind == "is":
        return pattern.low.value == key
    if pattern.kind == "vanaf":
        return key >= pattern.low.value
    return pattern.low.value <= key < pattern.high.value


def version_on(table: m.Table, date) -> m.TableVersion | None:
    """The version of ``table`` valid on ``date``, or None (before the first, or after a ``tot``)."""
    return dated_on(table.versions, date)


def lookup(table: m.Table, date, keys: tuple):
    """The row value for ``keys`` in the version valid on ``date``; None if no row fits."""
    version = version_on(table, date)
    if version is None:
        return None, None
    for row in version.rows:
        if all(matches(p, k) for p, k in zip(row.keys, keys)):
            return version, row
    return version, None


def compile_table(sym: Symbol, args, span):
    table: m.Table = sym.decl
    qual = sym.qualname

    def run(ctx, p, env):
        keys = tuple(a(ctx, p, env) for a in args)
        if any(k is MISSING for k in keys):
            return MISSING
        version, row = lookup(table, ctx.date, keys)
        if version is None:
            raise EvaluationError("RS403", f"tabel '{qual}' heeft geen versie op "
                                  f"{ctx.date.isoformat()}", table.span)
        if row is None:
            shown = ", ".join(str(k) for k in keys)
            raise EvaluationError("RS406", f"tabel '{qual}' heeft geen rij voor {shown}", span,
                                  hint="voeg een rij toe of een rij '| overig: …'")
        ctx.note(("tabel", qual, version.vanaf))
        return exact(row.value.value)
    return run
