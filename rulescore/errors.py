"""User-facing diagnostics (bad rules, bad situations, bad arguments) and their rendering.

A :class:`Diagnostic` says what is wrong (in Dutch, for drafters), where (a source
span or a JSON path), in which article, and a hint. :class:`RulesError` carries all
diagnostics of one failed step at once. Anything else that escapes is our bug and
keeps its traceback.
"""

from __future__ import annotations

import difflib
import unicodedata
from typing import Iterable, Sequence

import attrs

from rulescore.model import Span
from rulescore.terminal import visible


@attrs.frozen
class Diagnostic:
    """One problem found in rules text or input data."""

    #: Stable code, e.g. ``RS201``; catalogued in the docs.
    code: str
    #: What is wrong, in plain Dutch.
    message: str
    #: Where in a rules file, if the problem is in one.
    span: Span | None = None
    #: Where in a JSON document (``$.personen.anna.geboortedatum``), if in one.
    path: str | None = None
    #: How to fix it (``bedoelde u 'toetsingsinkomen'?``).
    hint: str | None = None
    #: The article the problem sits in (``Wet op de zorgtoeslag › artikel 2 lid 1``).
    context: str | None = None
    #: ``fout`` (the step fails) or ``waarschuwing`` (reported; ``--streng`` makes it a fout).
    level: str = "fout"

    def sort_key(self):
        s = self.span
        return (s.file if s else "", s.line if s else 0, s.column if s else 0,
                self.path or "", self.code, self.message)


@attrs.define(eq=False)
class RulesError(Exception):
    """One or more diagnostics; raised instead of continuing with bad input."""

    diagnostics: tuple[Diagnostic, ...]
    #: File name → source text, to show the offending line.
    sources: dict = attrs.field(factory=dict)

    def __str__(self) -> str:
        return self.render()

    def __reduce__(self):  # picklable, so worker processes can report diagnostics
        return (RulesError, (self.diagnostics, self.sources))

    def render(self) -> str:
        return render(self.diagnostics, self.sources)


def suggest(name: str, candidates: Iterable[str]) -> str | None:
    """A ``bedoelde u …?`` hint for a misspelt name, or None."""
    close = difflib.get_close_matches(name, sorted(set(candidates)), n=3, cutoff=0.6)
    if not close:
        return None
    return "bedoelde u " + " of ".join(f"'{c}'" for c in close) + "?"


def source_line(text: str, number: int) -> str | None:
    """Line ``number`` (1-based) as lark counts lines: only LF ends one (CR LF too)."""
    lines = text.split("\n")
    if not 1 <= number <= len(lines) or (number == len(lines) and not lines[-1]):
        return None
    line = lines[number - 1]
    return line.removesuffix("\r") if number < len(lines) else line  # a last CR is lone


#: Shown instead of characters that would move the cursor or break the line on a terminal.
_VISIBLE = {"\r": "\u240d", "\u2028": "\u2424", "\u2029": "\u2424", "\x85": "\u2424"}


def _visible(text: str) -> str:
    """Controls, format characters and line separators one visible character each."""
    return "".join(_VISIBLE.get(c, "\ufffd")
                   if c != "\t" and unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") else c
                   for c in text)


def render_one(d: Diagnostic, sources: dict) -> str:
    """One diagnostic as text; what came from input (ids, paths, source lines) is shown
    with its control characters escaped (:func:`rulescore.terminal.visible`)."""
    lines = []
    where = visible(str(d.span) if d.span else (d.path or ""))
    message = visible(d.message)
    head = f"{d.level} {d.code}: {message}"
    head = f"{where}: {head}" if where else head
    lines.append(head)
    if d.span is not None:
        lines += excerpt(d.span, sources)
    if d.context:
        lines.append(f"  in: {visible(d.context)}")
    if d.hint:
        lines.append(f"  hint: {visible(d.hint)}")
    return "\n".join(lines)


def excerpt(span, sources: dict) -> list[str]:
    """The source line of ``span`` with a caret under it (two lines), or none when the
    source is not at hand."""
    text = sources.get(span.file)
    src = source_line(text, span.line) if text is not None else None
    if src is None:
        return []
    src = _visible(src)
    num = str(span.line)
    start = span.column - 1
    width = 1
    if span.end_line == span.line and span.end_column > span.column:
        width = span.end_column - span.column
    # tabs widen the line; the caret goes under the same characters
    pad = len(src[:start].expandtabs(4))
    width = len(src[:start + width].expandtabs(4)) - pad or width
    return [f"  {num} | {src.expandtabs(4)}", f"  {' ' * len(num)} | {' ' * pad}{'^' * width}"]


def render(diagnostics: Sequence[Diagnostic], sources: dict | None = None) -> str:
    sources = sources or {}
    parts = [render_one(d, sources) for d in sorted(diagnostics, key=Diagnostic.sort_key)]
    n = sum(1 for d in diagnostics if d.level == "fout")
    w = len(diagnostics) - n
    counts = [f"{n} fout{'en' if n != 1 else ''}"] if n or not w else []
    if w:
        counts.append(f"{w} waarschuwing{'en' if w != 1 else ''}")
    parts.append(" en ".join(counts) + " gevonden.")
    return "\n\n".join(parts)


def to_json(error: RulesError) -> dict:
    """The diagnostics of an error as JSON for a program (the web service): per diagnostic
    its code, message, place (file, line, column, or the JSON path), hint and article, and
    ``weergave``, the same text the command line prints (source line and caret included)."""
    out = []
    for d in sorted(error.diagnostics, key=Diagnostic.sort_key):
        item = {"code": d.code, "bericht": d.message, "weergave": render_one(d, error.sources)}
        if d.level != "fout":
            item["ernst"] = d.level
        if d.span is not None:
            item["plaats"] = {"bestand": d.span.file, "regel": d.span.line,
                              "kolom": d.span.column}
        for key, value in (("pad", d.path), ("hint", d.hint), ("artikel", d.context)):
            if value:
                item[key] = value
        out.append(item)
    return {"fouten": out, "aantal": len(out)}
