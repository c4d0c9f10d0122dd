"""Language Server Protocol messages into workspace answers (pygls): diagnostics as you
type, hover, go-to-definition, find-references and completion for rules files.

``rulescore lsp`` starts it on standard input/output; an editor starts that command for
``*.rules`` and ``*.scenario`` files (docs/workbench.rst says how per editor).
"""

from __future__ import annotations

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from rulescore import model as m
from rulescore.errors import Diagnostic, RulesError
from rulescore.workbench.lsp_workspace import Workspace

_KINDS = {"definitie": lsp.CompletionItemKind.Function, "parameter": lsp.CompletionItemKind.Constant,
          "tabel": lsp.CompletionItemKind.Constant, "invoer": lsp.CompletionItemKind.Field,
          "relatie": lsp.CompletionItemKind.Interface, "keuze": lsp.CompletionItemKind.Enum,
          "begrip": lsp.CompletionItemKind.Class, "trefwoord": lsp.CompletionItemKind.Keyword}


def _range(span: m.Span | None) -> lsp.Range:
    if span is None or not span.line:
        return lsp.Range(lsp.Position(0, 0), lsp.Position(0, 0))
    return lsp.Range(lsp.Position(span.line - 1, max(span.column - 1, 0)),
                     lsp.Position(span.end_line - 1, max(span.end_column - 1, 0)))


def _location(span: m.Span) -> lsp.Location:
    return lsp.Location(uri=from_fs_path(span.file), range=_range(span))


_SEVERITY = {"fout": lsp.DiagnosticSeverity.Error,
             "waarschuwing": lsp.DiagnosticSeverity.Warning}


def to_lsp(d: Diagnostic) -> lsp.Diagnostic:
    """A checker diagnostic as the editor shows it: code, what, the hint and the article."""
    message = d.message + (f"\nhint: {d.hint}" if d.hint else "") + \
        (f"\nin: {d.context}" if d.context else "")
    return lsp.Diagnostic(range=_range(d.span), message=message, code=d.code,
                          severity=_SEVERITY[d.level], source="rulescore")


def build_server() -> LanguageServer:
    server = LanguageServer("rulescore", "0.1.0")
    workspace = Workspace()

    def publish(ls: LanguageServer, found: dict) -> None:
        for path, diagnostics in sorted(found.items()):
            if path:
                ls.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(
                    uri=from_fs_path(path), diagnostics=[to_lsp(d) for d in diagnostics]))

    def changed(ls: LanguageServer, uri: str) -> None:
        document = ls.workspace.get_text_document(uri)
        publish(ls, workspace.update(to_fs_path(uri), document.source))

    @server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: LanguageServer, params: lsp.DidOpenTextDocumentParams):
        changed(ls, params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: LanguageServer, params: lsp.DidChangeTextDocumentParams):
        changed(ls, params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: LanguageServer, params: lsp.DidCloseTextDocumentParams):
        publish(ls, workspace.update(to_fs_path(params.text_document.uri), None))

    def symbol(params) -> str | None:
        pos = params.position
        return workspace.symbol_at(to_fs_path(params.text_document.uri), pos.line + 1,
                                   pos.character + 1)

    @server.feature(lsp.TEXT_DOCUMENT_HOVER)
    def hover(ls: LanguageServer, params: lsp.HoverParams):
        q = symbol(params)
        if q is None:
            return None
        return lsp.Hover(contents=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown,
                                                    value=workspace.hover(q)))

    @server.feature(lsp.TEXT_DOCUMENT_DEFINITION)
    def definition(ls: LanguageServer, params: lsp.DefinitionParams):
        q = symbol(params)
        span = workspace.definition(q) if q else None
        return [_location(span)] if span is not None and span.line else None

    @server.feature(lsp.TEXT_DOCUMENT_REFERENCES)
    def find_references(ls: LanguageServer, params: lsp.ReferenceParams):
        q = symbol(params)
        if q is None:
            return None
        return [_location(s) for s in workspace.references_to(q) if s.line]

    @server.feature(lsp.TEXT_DOCUMENT_COMPLETION,
                    lsp.CompletionOptions(trigger_characters=["."]))
    def completion(ls: LanguageServer, params: lsp.CompletionParams):
        names = workspace.completions(to_fs_path(params.text_document.uri))
        return lsp.CompletionList(is_incomplete=False, items=[
            lsp.CompletionItem(label=name, kind=_KINDS.get(k, lsp.CompletionItemKind.Text),
                               detail=k) for name, k in names])

    @server.feature(lsp.TEXT_DOCUMENT_FORMATTING)
    def formatting(ls: LanguageServer, params: lsp.DocumentFormattingParams):
        """The whole document in canonical layout (rulescore fmt); nothing while it does
        not parse (its diagnostics say why)."""
        from rulescore.dsl.formatter import format_text

        document = ls.workspace.get_text_document(params.text_document.uri)
        try:
            formatted = format_text(document.source, to_fs_path(params.text_document.uri))
        except RulesError:
            return None
        if formatted == document.source:
            return []
        end = lsp.Position(line=len(document.lines), character=0)
        return [lsp.TextEdit(range=lsp.Range(start=lsp.Position(line=0, character=0), end=end),
                             new_text=formatted)]

    return server


def serve_stdio() -> None:
    build_server().start_io()
