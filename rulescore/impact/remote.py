"""A program's recipe (its scenario file or text) into the program on a Dask worker, built
once per worker process.

A checked :class:`rulescore.program.Program` does not survive pickling (its resolutions
are keyed by the identity of its expression nodes), so the cluster is sent how to build
each program, never the program: the bundled regulations plus a scenario, read from the
same file or the same text as in the driving process, checked again by the same checker.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import attrs

_BUILT: dict = {}


@attrs.frozen
class Recipe:
    """Current law (both None), a scenario file (``path``, absolute) or a scenario's text
    (``text``, written to a file ``name`` before it is read)."""

    path: str | None = None
    text: str | None = None
    name: str = "scenario.scenario"

    @classmethod
    def of_file(cls, path: str | None) -> Recipe:
        return cls(path=os.path.abspath(path)) if path else cls()

    def build(self):
        """The program, once per process."""
        from rulescore.plugins import load_program

        if self not in _BUILT:
            if self.text is None:
                _BUILT[self] = load_program(scenario=self.path)
            else:
                with tempfile.TemporaryDirectory() as tmp:
                    path = Path(tmp) / self.name
                    path.write_text(self.text, encoding="utf-8")
                    _BUILT[self] = load_program(scenario=path)
        return _BUILT[self]
