"""Untrusted text (person ids, names, addresses) into text safe for a terminal or a spreadsheet.

Ids and names in a situation are data, never markup or control sequences:

* :func:`visible` shows control characters (C0, DEL, C1 such as ESC and the OSC 8
  hyperlink introducer) and the invisible direction and formatting characters (bidi
  overrides and isolates, zero-width marks) as escapes such as ``\\x1b`` and ``\\u202e``;
  everything else (letters in any script, ``€``) is kept.
* :func:`cell` is that text as a rich :class:`~rich.text.Text`, so ``[/bold]`` is shown
  as written rather than read as rich markup.
* :func:`csv_text` guards a CSV text cell against spreadsheet formula injection (OWASP):
  a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a
  leading ``'``. Only text cells (ids, names) are guarded; amounts such as ``-12.50`` are
  numbers and are written as they are.
* :func:`json_text` makes JSON output safe for the terminal without changing its data:
  such characters, and any the output stream cannot encode, become ``\\uXXXX`` escapes.
* :func:`tolerate_encoding` lets standard output and standard error write to a terminal
  that is not UTF-8 (``LANG=C`` without UTF-8 mode, ``PYTHONIOENCODING=ascii``, Latin-1):
  what the encoding lacks is replaced (``€`` → ``EUR``, ``é`` → ``e``) or escaped.
"""

from __future__ import annotations

import codecs
import functools
import io
import os
import re
import sys
import unicodedata

from rich.text import Text

#: Characters that a terminal acts on or that hide or reorder text: C0 and C1 controls,
#: DEL, the soft hyphen, zero-width and direction marks, bidi embeddings, overrides and
#: isolates, line and paragraph separators, the byte order mark, interlinear annotation.
_INVISIBLE = ("\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff"
              "\ufff9-\ufffb")
_HIDDEN = re.compile(f"[\x00-\x1f{_INVISIBLE}]")
#: The same in JSON text, where C0 controls are escaped already except the whitespace
#: between tokens (``json.dumps`` escapes them inside strings).
_HIDDEN_IN_JSON = re.compile(f"[{_INVISIBLE}]")

#: Characters whose first place in a CSV cell makes a spreadsheet read a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _escape(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """``text`` with every control or invisible formatting character shown as an escape."""
    return _HIDDEN.sub(_escape, text)


def cell(text: str) -> Text:
    """``text`` for a rich table or title on standard output: shown literally (no markup),
    controls escaped, and already in what the output's encoding can show (so the table
    is measured on what is written)."""
    return Text(visible(fit(str(text), getattr(sys.stdout, "encoding", None))))


def fit(text: str, encoding: str | None) -> str:
    """``text`` with what ``encoding`` lacks replaced as :func:`tolerate_encoding` would."""
    if encoding is None or _is_utf(encoding):
        return text
    return text.encode(encoding, ERRORS).decode(encoding)


def csv_text(text: str) -> str:
    """A CSV text cell: controls escaped, and a leading ``'`` where a formula would start."""
    text = visible(text)
    return "'" + text if text.startswith(_FORMULA_START) else text


def json_text(text: str, encoding: str | None = None) -> str:
    """JSON text with hidden characters, and those ``encoding`` lacks, as ``\\u`` escapes.

    Such characters only occur inside JSON strings, where the escape means the same
    character: the document's data is unchanged."""
    def escape(ch: str) -> str:
        data = ch.encode("utf-16-be")
        return "".join(f"\\u{int.from_bytes(data[i:i + 2], 'big'):04x}"
                       for i in range(0, len(data), 2))

    text = _HIDDEN_IN_JSON.sub(lambda m: escape(m.group()), text)
    if encoding is None or _is_utf(encoding):
        return text
    return "".join(ch if _encodable(ch, encoding) else escape(ch) for ch in text)


#: Replacements for characters rulescore itself writes, where an encoding lacks them.
_SPELLED = {"€": "EUR", "≈": "~", "→": "->", "←": "<-", "»": ">>", "«": "<<", "–": "-",
            "—": "-", "…": "...", "×": "x", "•": "*", "’": "'", "‘": "'", "“": '"', "”": '"',
            "≤": "<=", "≥": ">=", "≠": "!="}


@functools.lru_cache(maxsize=None)
def _is_utf(encoding: str) -> bool:
    return codecs.lookup(encoding).name.startswith("utf")


def _encodable(ch: str, encoding: str) -> bool:
    try:
        ch.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def _substitute(exc: UnicodeError):
    """Codec error handler: spell out, strip accents, or escape what cannot be encoded."""
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    out = []
    for ch in exc.object[exc.start:exc.end]:
        stand_in = _SPELLED.get(ch)
        if stand_in is None:
            base = "".join(c for c in unicodedata.normalize("NFKD", ch)
                           if not unicodedata.combining(c))
            stand_in = base if base and base != ch and _encodable(base, exc.encoding) else None
        if stand_in is None or not _encodable(stand_in, exc.encoding):
            stand_in = ch.encode("ascii", "backslashreplace").decode("ascii")
        out.append(stand_in)
    return "".join(out), exc.end


ERRORS = "rulescore-vervang"
codecs.register_error(ERRORS, _substitute)


def tolerate_encoding(*streams) -> None:
    """Let each text stream (default: stdout, stderr) replace what its encoding lacks."""
    for stream in streams or (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None)
        if isinstance(stream, io.TextIOWrapper) and encoding and not _is_utf(encoding):
            stream.reconfigure(errors=ERRORS)


def drop_stdout() -> None:
    """After a failed write to standard output: discard what is still buffered for it,
    so the exit does not try (and fail, with a traceback) to write it once more."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # not a real file (a test runner's)
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)
