"""JSON text of a situation into Python values, with duplicate keys and nesting depth checked.

Numbers are kept exactly: decimals as :class:`decimal.Decimal`, integers as ``int`` (one
beyond Python's 4 300-digit limit for ``int()`` as a Decimal: not a crash but a number
out of range, see :mod:`rulescore.limits`). A key that occurs
twice in one object is an error, never "the last one wins": :func:`duplicate_keys`
lists each with its JSON path. A document nested deeper than
:data:`~rulescore.limits.MAX_JSON_DEPTH` is refused before it is parsed (:class:`TooDeep`),
so the parser's recursion is never the limit.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal

from rulescore.errors import Diagnostic
from rulescore.limits import MAX_JSON_DEPTH

_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")
#: A JSON escape of half a UTF-16 surrogate pair: alone it decodes to a string that no
#: output (terminal, CSV, UTF-8 file) can write.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE = re.compile("[\ud800-\udfff]")


class TooDeep(json.JSONDecodeError):
    """A document nested deeper than :data:`MAX_JSON_DEPTH` (a JSON error with position)."""


class JSONObject(dict):
    """A decoded JSON object that remembers the keys it had more than once (and, for the
    document itself, whether any object in it had)."""

    __slots__ = ("duplicates", "any_duplicates", "any_surrogates")


def _integer(text: str):
    """A JSON integer too long for ``int()`` as a Decimal (refused as out of range)."""
    return int(text) if len(text) <= 30 else Decimal(text)


def loads(text: str):
    """``json.loads`` with exact numbers and duplicate keys kept; raises
    :class:`json.JSONDecodeError` (or :class:`TooDeep`) like it."""
    _check_depth(text)
    found = []

    def pairs(items):
        obj = dict(items)
        if len(obj) == len(items):  # the common case: plain dicts, at C speed
            return obj
        marked, seen = JSONObject(obj), set()
        twice = {k: None for k, _ in items if k in seen or seen.add(k)}  # (add gives None)
        marked.duplicates = list(twice)
        found.append(marked)
        return marked

    try:
        data = json.loads(text, parse_float=Decimal, object_pairs_hook=pairs)
    except json.JSONDecodeError:
        raise
    except ValueError:  # an integer of more than 4 300 digits: again, keeping it as text
        found.clear()
        data = json.loads(text, parse_float=Decimal, parse_int=_integer,
                          object_pairs_hook=pairs)
    surrogates = _SURROGATE_ESCAPE.search(text) is not None  # (a valid pair decodes fine)
    if (found or surrogates) and isinstance(data, dict):  # tell the walks below to look
        data = data if isinstance(data, JSONObject) else JSONObject(data)
        data.duplicates = getattr(data, "duplicates", [])
        data.any_duplicates = bool(found)
        data.any_surrogates = surrogates
    return data


def _check_depth(text: str) -> None:
    if text.count("[") + text.count("{") <= MAX_JSON_DEPTH:
        return  # cannot be deeper: the common case, no scan
    depth = 0
    stripped = _STRING.sub(lambda mt: " " * len(mt.group()), text)
    for mt in _BRACKET.finditer(stripped):
        if mt.group() in "[{":
            depth += 1
            if depth > MAX_JSON_DEPTH:
                raise TooDeep(f"dieper genest dan {MAX_JSON_DEPTH} niveaus", text, mt.start())
        else:
            depth -= 1


def duplicate_keys(data, path: str = "$") -> list[Diagnostic]:
    """Every key given twice in one object of ``data``, with its JSON path (RS342)."""
    if not getattr(data, "any_duplicates", False):  # (plain Python dicts cannot have any)
        return []
    out = []
    stack = [(data, path)]
    while stack:
        value, where = stack.pop()
        if isinstance(value, dict):
            for key in getattr(value, "duplicates", ()):
                out.append(Diagnostic(
                    "RS342", f"de sleutel '{key}' staat twee keer in hetzelfde object",
                    path=f"{where}.{key}",
                    hint="geef elk gegeven één keer; bij een dubbele sleutel is niet duidelijk "
                         "welke waarde bedoeld is"))
            stack.extend((v, f"{where}.{k}") for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((v, f"{where}[{i}]") for i, v in enumerate(value))
    out.sort(key=lambda d: d.path)
    return out


def lone_surrogates(data, path: str = "$") -> list[Diagnostic]:
    """Every key or text in ``data`` with half a surrogate pair (``"\\ud800"``), RS345."""
    if not getattr(data, "any_surrogates", False):
        return []
    out = []
    stack = [(data, path)]
    while stack:
        value, where = stack.pop()
        if isinstance(value, str) and _SURROGATE.search(value):
            out.append(Diagnostic(
                "RS345", "tekst met een losse surrogaatcode (\\ud800–\\udfff): geen teken",
                path=where, hint="een \\u-escape buiten het basisvlak is een paar, "
                "bijv. \"\\ud83d\\ude00\"; of schrijf het teken zelf"))
        elif isinstance(value, dict):
            for k, v in value.items():
                shown = _SURROGATE.sub("?", k)
                if shown != k:
                    stack.append((k, f"{where}.{shown}"))
                stack.append((v, f"{where}.{shown}"))
        elif isinstance(value, list):
            stack.extend((v, f"{where}[{i}]") for i, v in enumerate(value))
    out.sort(key=lambda d: d.path)
    return out


def json_error(exc: json.JSONDecodeError, where: str) -> Diagnostic:
    """A JSON syntax error, or a document nested too deep, as a located diagnostic."""
    if isinstance(exc, TooDeep):
        return Diagnostic("RS343", f"de JSON is {exc.msg}", path=where,
                          hint="een situatie heeft personen, woningen en relaties; "
                               "dieper nesten is nooit nodig")
    return Diagnostic("RS301", f"geen geldige JSON: {exc.msg}", path=where,
                      hint="controleer komma's, aanhalingstekens en haakjes rond deze plek")
