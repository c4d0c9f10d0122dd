"""A user's file (rules, situation, households) into text, or a located diagnostic.

Files are UTF-8. A file that cannot be read or is not UTF-8 is a user error like any
other: it is reported with the file, the line and column of the first bad byte, and a
hint, never as a traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path

from rulescore.errors import Diagnostic, RulesError


def read_text(path: str | Path, code: str, what: str) -> str:
    """The file's text (``-``: standard input); ``code`` and ``what`` (``"situatie"``)
    name the diagnostic."""
    try:
        data = sys.stdin.buffer.read() if str(path) == "-" else Path(path).read_bytes()
    except OSError as exc:
        raise RulesError((Diagnostic(code, f"kan {what} niet lezen: {exc.strerror}",
                                     path=str(path)),)) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise RulesError((Diagnostic(
            code, f"{what} is geen UTF-8-tekst (byte 0x{data[exc.start]:02x})",
            path=f"{path}:{line}:{column}",
            hint="sla het bestand op als UTF-8"),)) from None
