"""Clauses that only a definition may have, found on another declaration, into diagnostics.

``betaald op …`` (RS550) and ``gezamenlijk met …`` (RS570) say something about a
definition's value; on a parameter, table or input they mean nothing.
"""

from __future__ import annotations

from rulescore import model as m
from rulescore.errors import Diagnostic


def misplaced(regs: dict[str, m.Regulation], field: str, code: str, what: str, hint: str,
              diags: list[Diagnostic]) -> None:
    """``code`` at every clause ``field`` (a Meta field) on anything but a definition;
    ``what`` completes "alleen een definitie …"."""
    for reg in regs.values():
        for item in reg.items:
            meta = getattr(item, "meta", None)
            clause = getattr(meta, field, None) if meta is not None else None
            if clause is not None and not isinstance(item, m.Definition):
                diags.append(Diagnostic(code, f"alleen een definitie {what} ('{item.name}')",
                                        span=clause.span, context=reg.title, hint=hint))
