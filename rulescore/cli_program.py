"""A command's rules and scenario into a loaded Program, with its loading warnings on standard error.

Every command loads the program through :func:`load_program`: the same as
:func:`rulescore.plugins.load_program`, and then the warnings a user must see before the
results — a plugin left out because its rules could not be read (RS006), what an
abolished regulation still gives other regulations (RS278) — are rendered on stderr.
The Python API returns them in ``Program.warnings`` and
:func:`rulescore.dsl.abolition.still_read` instead of printing.
"""

from __future__ import annotations

from rich.console import Console

from rulescore.errors import render

_err = Console(stderr=True, highlight=False, emoji=False)


def load_program(*args, **kwargs):
    from rulescore.dsl.abolition import still_read
    from rulescore.plugins import load_program as load

    program = load(*args, **kwargs)
    if notes := list(program.warnings) + still_read(program):
        sources = {r.span.file: r.source for r in program.regulations.values()}
        _err.print(render(notes, sources), markup=False, soft_wrap=True, highlight=False)
    return program
