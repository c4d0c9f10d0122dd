"""``rulescore lsp`` on the command line into a language server on standard input/output."""

from __future__ import annotations

import click


@click.command("lsp")
def lsp_command():
    """Start the language server for rules files on stdin/stdout (for an editor: it
    reports the checker's diagnostics as you type, hover, go-to-definition,
    find-references and completion; docs/workbench.rst)."""
    try:
        from rulescore.workbench.lsp_server import serve_stdio
    except ImportError as exc:  # pygls is an extra
        raise click.ClickException(f"de taalserver heeft pygls nodig ({exc}); installeer "
                                   "met: pip install 'rulescore[lsp]'") from None
    serve_stdio()
