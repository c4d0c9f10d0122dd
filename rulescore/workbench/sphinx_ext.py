"""The installed plugins into sphinx pages: a literate law page per regulation
(``.. rulescore-regeling:: naam``) and the legislation explorer (``.. rulescore-verkenner::``).

Loaded by docs/conf.py. The program is loaded (and checked) once per build from the
installed plugins; ``rulescore_peildatum`` in conf.py is the date the links to
wetten.overheid.nl show the law as it read on.
"""

from __future__ import annotations

import datetime as dt
import functools

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import nested_parse_with_titles


@functools.lru_cache(maxsize=1)
def program():
    from rulescore.plugins import load_program

    return load_program()


def _parse(directive: SphinxDirective, rst: str) -> list[nodes.Node]:
    container = nodes.container()
    source = directive.get_source_info()[0]
    nested_parse_with_titles(directive.state, StringList(rst.splitlines(), source), container)
    return container.children


def _day(directive: SphinxDirective) -> dt.date | None:
    day = directive.config.rulescore_peildatum
    return dt.date.fromisoformat(day) if day else None


class RegulationDirective(SphinxDirective):
    """``.. rulescore-regeling:: zorgtoeslag``: the regulation's literate page."""

    required_arguments = 1

    def run(self):
        from rulescore.workbench.law_pages import regulation_page
        from rulescore.workbench.law_text import read_law_text, text_path

        prog = program()
        name = self.arguments[0]
        if name not in prog.regulations:
            raise self.error(f"geen geïnstalleerde regeling '{name}'")
        reg = prog.regulations[name]
        self.env.note_dependency(reg.span.file)
        if text_path(reg.span.file).is_file():
            self.env.note_dependency(str(text_path(reg.span.file)))
        rst = regulation_page(reg, prog, read_law_text(reg.span.file), _day(self))
        return _parse(self, rst)


class ExplorerDirective(SphinxDirective):
    """``.. rulescore-verkenner::``: every declaration of every installed plugin, searchable."""

    def run(self):
        from rulescore.workbench.explorer import explorer_html

        return [nodes.raw("", explorer_html(program(), _day(self)), format="html")]


def setup(app):
    app.add_config_value("rulescore_peildatum", None, "env")
    app.add_directive("rulescore-regeling", RegulationDirective)
    app.add_directive("rulescore-verkenner", ExplorerDirective)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
