"""The installed plugins plus an editor's open files into what a language server answers:
the checker's diagnostics per file, and per position the symbol, its hover text, its
declaration, its references and the names to complete.

Every open rules file replaces the installed file of the same path (or is added beside
the plugins); a scenario file is checked as the scenario of the rest. The whole set is
parsed and checked at each change, so a diagnostic in another file that follows from the
edit is reported too. When the rules do not check, position answers come from the last
program that did.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import attrs

from rulescore import citations
from rulescore import model as m
from rulescore.dsl import printer
from rulescore.errors import Diagnostic, RulesError
from rulescore.workbench.law_pages import dutch_date, kind, source_lines
from rulescore.workbench.references import declaration_name, references

_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:[./][A-Za-z_][A-Za-z0-9_]*)*")


@attrs.define
class Workspace:
    """The installed rules and the open documents (path → text)."""

    documents: dict = attrs.field(factory=dict)
    program: object = None
    #: path → the diagnostics of the last check that concern it.
    diagnostics: dict = attrs.field(factory=dict)
    #: Every path the last check read (to clear diagnostics of a file now clean).
    paths: set = attrs.field(factory=set)
    _installed: list | None = None

    def installed(self):
        if self._installed is None:
            from rulescore.plugins import collect_functions, collect_sources, get_plugin_manager

            pm = get_plugin_manager()
            self._installed = (collect_sources(pm), collect_functions(pm))
        return self._installed

    def update(self, path: str, text: str | None) -> dict[str, list[Diagnostic]]:
        """Open or change (text) or close (None) a document; check again; every path's
        diagnostics (an empty list for a path that has none now)."""
        if text is None:
            self.documents.pop(path, None)
        else:
            self.documents[path] = text
        return self.check()

    def check(self) -> dict[str, list[Diagnostic]]:
        from rulescore.dsl import parse
        from rulescore.dsl.checker import check
        from rulescore.dsl.citation_checks import uncited

        sources, functions = self.installed()
        texts = {str(Path(s.filename).resolve()): s.text for s in sources}
        texts |= {str(Path(p).resolve()): t for p, t in self.documents.items()}
        regs, scenario, found = [], None, []
        for path, text in sorted(texts.items()):
            try:
                reg = parse(text, path)
            except RulesError as exc:
                found.extend(exc.diagnostics)
                continue
            if reg.is_scenario:
                if path in self.documents and scenario is None:
                    scenario = reg
            else:
                regs.append(reg)
        if not found:
            try:
                self.program = check(regs, functions, scenario=scenario)
            except RulesError as exc:
                found.extend(exc.diagnostics)
        found.extend(uncited(regs))  # RS299 warnings, as `rulescore check` shows them
        by_path: dict[str, list[Diagnostic]] = {p: [] for p in self.paths | set(texts)}
        for d in found:
            key = str(Path(d.span.file).resolve()) if d.span else next(iter(
                self.documents), "")
            by_path.setdefault(key, []).append(d)
        self.paths = set(texts)
        self.diagnostics = by_path
        return by_path

    # ------------------------------------------------------------- positions
    def symbol_at(self, path: str, line: int, column: int) -> str | None:
        """The qualname of the symbol named at a 1-based line and column, or None."""
        prog = self.program
        if prog is None:
            return None
        path = str(Path(path).resolve())
        for ref in references(prog):
            s = ref.span
            if str(Path(s.file).resolve()) == path and s.line <= line <= s.end_line and \
                    (s.line < line or s.column <= column) and \
                    (line < s.end_line or column < s.end_column):
                return ref.target
        word = _word_at(self._text(path), line, column)
        return self.resolve(path, word) if word else None

    def _text(self, path: str) -> str:
        if path in self.documents:
            return self.documents[path]
        for reg in self.program.regulations.values():
            if str(Path(reg.span.file).resolve()) == path:
                return reg.source
        return ""

    def regulation_of(self, path: str) -> m.Regulation | None:
        for reg in self.program.regulations.values():
            if str(Path(reg.span.file).resolve()) == str(Path(path).resolve()):
                return reg
        return None

    def resolve(self, path: str, word: str) -> str | None:
        """A name as written in ``path``: qualified, the file's own, a ``gebruikt``
        regulation's, or an input, relation or concept."""
        symbols = self.program.symbols
        if word in symbols:
            return word
        reg = self.regulation_of(path)
        if reg is not None:
            for scope in (reg.name, *reg.uses):
                if f"{scope}.{word}" in symbols:
                    return f"{scope}.{word}"
        return None

    def definition(self, qualname: str) -> m.Span | None:
        symbol = self.program.symbols.get(qualname)
        return getattr(symbol.decl, "span", None) if symbol else None

    def references_to(self, qualname: str) -> list[m.Span]:
        spans = [r.span for r in references(self.program) if r.target == qualname]
        declared = self.definition(qualname)
        return ([declared] if declared else []) + spans

    def completions(self, path: str) -> list[tuple[str, str]]:
        """(name, kind) for every name usable in ``path``: the qualified names, and
        unqualified those of the file's regulation and the ones it ``gebruikt``."""
        from rulescore.workbench.lexer import grammar_words

        out = {}
        reg = self.regulation_of(path) if self.program else None
        scopes = (reg.name, *reg.uses) if reg else ()
        for q, s in (self.program.symbols.items() if self.program else ()):
            out[q] = s.kind
            prefix, _, short = q.partition(".")
            if short and prefix in scopes:
                out.setdefault(short, s.kind)
        for word in grammar_words()["keywords"]:
            out.setdefault(word, "trefwoord")
        return sorted(out.items())

    def hover(self, qualname: str, day: dt.date | None = None) -> str:
        """Markdown: kind, type, tijdvak, citation, the declaration as written, and for a
        parameter its value on ``day`` and its history."""
        prog = self.program
        symbol = prog.symbols[qualname]
        reg = prog.regulations[symbol.regulation]
        item = next((i for i in reg.items if declaration_name(reg, i) == qualname), symbol.decl)
        day = day or dt.date.today()
        type_ref = getattr(item, "type", None)
        head = f"**{qualname}** — {kind(item) if attrs.has(type(item)) and _known(item) else symbol.kind}"
        if type_ref is not None:
            head += f": `{printer._type(type_ref)}`"
        tijdvak = prog.tijdvakken.get(qualname)
        lines = [head + (f", tijdvak {tijdvak}" if tijdvak else "")]
        meta = getattr(item, "meta", None)
        if meta is not None and meta.citations:
            lines.append("bron: " + citations.describe(meta.citations, reg.bwb,
                                                       citations.law_names(prog)))
        if meta is not None and meta.toelichting:
            lines.append(meta.toelichting)
        if isinstance(item, m.Parameter):
            current = [v for v in item.values if v.vanaf <= day and (v.tot is None or day < v.tot)]
            current = current[-1:] if current else []
            lines.append(f"op {dutch_date(day)}: " + (printer.literal(current[0].value)
                                                      if current else "geen waarde"))
            lines.append("historie: " + "; ".join(
                f"vanaf {dutch_date(v.vanaf)} {printer.literal(v.value)}" for v in item.values))
        if getattr(item, "span", None) is not None and item.span.line:
            lines.append("```rules\n" + "\n".join(source_lines(reg, item.span, False)) + "\n```")
        return "\n\n".join(lines)


def _known(item) -> bool:
    try:
        kind(item)
        return True
    except KeyError:
        return False


def _word_at(text: str, line: int, column: int) -> str | None:
    lines = text.splitlines()
    if not 1 <= line <= len(lines):
        return None
    for match in _WORD.finditer(lines[line - 1]):
        if match.start() < column <= match.end() + 1:
            return match.group()
    return None
