"""Query parameters and request bodies into checked values; bad ones into diagnostics.

Every problem names the parameter it is in (``?datum``) or the JSON path of the body, as
the command line names its option: the service and the CLI speak the same diagnostics.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Mapping

from rulescore.errors import Diagnostic, RulesError
from rulescore.periods import NotAMonth, parse_month, parse_period


def _problem(name: str, message: str, hint: str) -> RulesError:
    return RulesError((Diagnostic("RS601", message, path=f"?{name}", hint=hint),))


def choice(query: Mapping[str, str], name: str, options: tuple[str, ...], default: str) -> str:
    """One of ``options`` (``?soort=resultaat``), or ``default`` when absent."""
    from rulescore.errors import suggest

    value = query.get(name, default)
    if value not in options:
        raise _problem(name, f"onbekende waarde '{value}' voor {name}",
                       suggest(value, options) or "kies " + ", ".join(options))
    return value


def known(query: Mapping[str, str], allowed: tuple[str, ...]) -> None:
    """Refuse a parameter the endpoint does not take (a misspelt one would be ignored)."""
    from rulescore.errors import suggest

    wrong = [k for k in query if k not in allowed]
    if wrong:
        raise RulesError(tuple(Diagnostic(
            "RS600", f"onbekende parameter '{k}'", path=f"?{k}",
            hint=suggest(k, allowed) or "mogelijk: " + ", ".join(allowed)) for k in wrong))


def date(query: Mapping[str, str], name: str = "datum") -> dt.date | None:
    text = query.get(name)
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise _problem(name, f"'{text}' is geen datum", "schrijf JJJJ-MM-DD") from None


def months(query: Mapping[str, str]):
    """``van``/``tot`` as two month periods, or None when neither is given."""
    first, last = query.get("van"), query.get("tot")
    if first is None and last is None:
        return None
    if "datum" in query:
        raise _problem("datum", "geef datum of van/tot, niet beide",
                       "een peildatum óf een reeks maanden")
    if first is None or last is None:
        missing = "van" if first is None else "tot"
        raise _problem(missing, "geef van en tot samen", "de eerste en de laatste maand")
    span = []
    for name, text in (("van", first), ("tot", last)):
        try:
            span.append(parse_month(text))
        except NotAMonth as exc:
            raise _problem(name, str(exc), "schrijf 2026-03 of 'maart 2026'") from None
    return tuple(span)


def period(query: Mapping[str, str]):
    text = query.get("periode")
    if text is None:
        return None
    try:
        return parse_period(text)
    except NotAMonth as exc:
        raise _problem("periode", str(exc), "schrijf 2026, 2026-K3 of 2026-09") from None


def count(query: Mapping[str, str], name: str, low: int, high: int) -> int | None:
    text = query.get(name)
    if text is None:
        return None
    if not text.isascii() or not text.isdigit() or not low <= int(text) <= high:
        raise _problem(name, f"'{text}' is geen geheel getal van {low} tot en met {high}",
                       f"schrijf bijvoorbeeld {low}")
    return int(text)


def required(query: Mapping[str, str], name: str, hint: str) -> str:
    if not query.get(name):
        raise _problem(name, f"parameter '{name}' ontbreekt", hint)
    return query[name]


def body_json(raw: bytes) -> Any:
    """The request body as JSON; a bad body is a diagnostic at its line and column."""
    from rulescore.json_input import loads
    from rulescore.situation import json_error

    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RulesError((Diagnostic("RS602", "de inhoud is geen UTF-8",
                                     path=f"inhoud:byte {exc.start}",
                                     hint="stuur JSON in UTF-8"),)) from None
    if not text.strip():
        raise RulesError((Diagnostic("RS602", "geen inhoud: stuur een situatie (JSON)",
                                     path="inhoud", hint="zie GET /schema"),))
    try:
        return loads(text)
    except json.JSONDecodeError as exc:
        raise RulesError((json_error(exc, f"inhoud:{exc.lineno}:{exc.colno}"),)) from None
